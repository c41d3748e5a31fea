package io.sentifuse.ui;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import org.deeplearning4j.ui.VertxUIServer;

/**
 * The stock DL4J UI verticle (all its modules and routes, unchanged), listening on an address we choose.
 *
 * <p>{@link VertxUIServer#start} calls {@code vertx.createHttpServer().listen(port, handler)}, which in
 * Vert.x 3.9 binds {@code 0.0.0.0} and offers no option to change it. This subclass hands the verticle a
 * view of its Vert.x instance whose HTTP servers turn every {@code listen(...)} into
 * {@code listen(port, host, ...)} with our host and port. Nothing else changes. {@link #bindingApplied()}
 * tells the caller whether the rewrite happened, so a DL4J upgrade that binds another way fails closed
 * instead of silently exposing the server.
 */
final class BoundVertxUiServer extends VertxUIServer {

    private final String host;
    private final int port;
    private volatile boolean bindingApplied;

    /** Note: the DL4J constructor registers this instance as the JVM's {@code VertxUIServer.getInstance()}. */
    BoundVertxUiServer(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void init(Vertx vertx, Context context) {
        super.init(proxy(vertx, Vertx.class, this::rewriteVertxCall), context);
    }

    /** Whether the verticle's server was bound through our host and port (checked after deployment). */
    boolean bindingApplied() {
        return bindingApplied;
    }

    private Object rewriteVertxCall(Object target, Method method, Object[] args) throws Throwable {
        Object result = call(target, method, args);
        if (method.getName().equals("createHttpServer") && result instanceof HttpServer server) {
            return proxy(server, HttpServer.class, this::rewriteServerCall);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private Object rewriteServerCall(Object target, Method method, Object[] args) throws Throwable {
        HttpServer server = (HttpServer) target;
        if (!method.getName().equals("listen")) {
            return call(target, method, args);
        }
        bindingApplied = true;
        Handler<AsyncResult<HttpServer>> handler = null;
        if (args != null && args.length > 0 && args[args.length - 1] instanceof Handler<?> h) {
            handler = (Handler<AsyncResult<HttpServer>>) h;
        }
        return handler == null ? server.listen(port, host) : server.listen(port, host, handler);
    }

    private interface Call {
        Object invoke(Object target, Method method, Object[] args) throws Throwable;
    }

    /**
     * A proxy over all public interfaces of {@code target} (so casts to Vert.x internal interfaces keep
     * working), routing calls through {@code call}; results that are {@code target} itself come back as the
     * proxy, so fluent calls stay intercepted.
     */
    private static <T> T proxy(T target, Class<T> type, Call call) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        interfaces.add(type);
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            collectPublicInterfaces(c, interfaces);
        }
        Object[] self = new Object[1];
        Object p = Proxy.newProxyInstance(BoundVertxUiServer.class.getClassLoader(),
                interfaces.toArray(Class<?>[]::new), (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> method.invoke(target, args);
                        };
                    }
                    Object result = call.invoke(target, method, args);
                    return result == target ? self[0] : result;
                });
        self[0] = p;
        return type.cast(p);
    }

    private static void collectPublicInterfaces(Class<?> c, Set<Class<?>> out) {
        for (Class<?> i : c.getInterfaces()) {
            if (Modifier.isPublic(i.getModifiers())) {
                out.add(i);
            }
            collectPublicInterfaces(i, out);
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
