package io.sentifuse.encoder;

import io.sentifuse.encoder.cache.ChecksumMemo;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.errors.UserInputException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * An ONNX model from a file or a classpath resource: its bytes (read on first use) and their SHA-256, the
 * graph-cache key (remembered by location, size and modification time, so a cache hit reads nothing).
 */
public final class ModelSource {

    private final String name;
    private final String location;
    private final long size;
    private final long modified;
    private final Supplier<byte[]> loader;
    private Path file;
    private byte[] bytes;
    private String sha256;

    private ModelSource(String name, String location, long size, long modified, Supplier<byte[]> loader) {
        this.name = name;
        this.location = location;
        this.size = size;
        this.modified = modified;
        this.loader = loader;
    }

    public static ModelSource file(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("ONNX model " + file + " does not exist or is not a file");
        }
        try {
            ModelSource s = new ModelSource(file.toString(), file.toAbsolutePath().toString(), Files.size(file),
                    Files.getLastModifiedTime(file).toMillis(), () -> read(file));
            s.file = file;
            return s;
        } catch (IOException e) {
            throw new UserInputException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A model made from another file (converted or rewritten while loading): {@code bytes} produces it, and its
     * SHA-256 is remembered under {@code location} with the original file's {@code size} and {@code modified}
     * time, so a later cache hit neither reads the original nor redoes the conversion. {@code location} must name
     * the original and every version that shapes the result.
     */
    public static ModelSource derived(String name, String location, long size, long modified, Supplier<byte[]> bytes) {
        return new ModelSource(name, location, size, modified, bytes);
    }

    /** As {@link #derived(String, String, long, long, Supplier)} with the size and time read from {@code original}. */
    public static ModelSource derived(String name, String location, Path original, Supplier<byte[]> bytes) {
        try {
            return derived(name, location, Files.size(original), Files.getLastModifiedTime(original).toMillis(), bytes);
        } catch (IOException e) {
            throw new UserInputException("cannot read " + original + ": " + e.getMessage(), e);
        }
    }

    /**
     * This model rewritten by {@code rewrite} (read and rewritten on first use): {@code suffix} goes onto its name and
     * location and must name every setting and version that shapes the result, so that a cache hit reads nothing, as
     * for {@link #derived(String, String, long, long, Supplier)}. {@link #file()} stays the original's.
     */
    public ModelSource rewritten(String suffix, UnaryOperator<byte[]> rewrite) {
        // the original's bytes are read for the rewrite but not kept beside the result
        ModelSource s = new ModelSource(name + suffix, location + suffix, size, modified,
                () -> rewrite.apply(loader.get()));
        s.file = file;
        return s;
    }

    public static ModelSource resource(String resource) {
        return resource(resource, null);
    }

    /**
     * A classpath resource; {@code jarHint}, when given, names the jar that holds it (found on the class path
     * without asking the class loader, which opens every jar's index first: about a second with ND4J's).
     */
    static ModelSource resource(String resource, String jarHint) {
        Path hinted = jarHint == null ? null : classPathJar(jarHint);
        if (hinted != null) {
            try {
                return new ModelSource("classpath:" + resource, "jar:" + hinted.toUri() + "!" + resource, Files.size(hinted),
                        Files.getLastModifiedTime(hinted).toMillis(), () -> readResource(resource));
            } catch (IOException e) {
                // fall through to the class loader
            }
        }
        URL url = ModelSource.class.getResource(resource);
        if (url == null) {
            throw new UserInputException("the model " + resource + " is not on the classpath"
                    + (jarHint == null ? "" : " (it comes from the dev.langchain4j:" + jarHint + " jar)"));
        }
        long size = -1;
        long modified = -1;
        String location = url.toString();
        try {
            URLConnection c = url.openConnection();
            if (c instanceof JarURLConnection connection) {
                Path jarFile = Path.of(connection.getJarFileURL().toURI());
                size = Files.size(jarFile);
                modified = Files.getLastModifiedTime(jarFile).toMillis();
            } else if ("file".equals(url.getProtocol())) {
                Path f = Path.of(url.toURI());
                size = Files.size(f);
                modified = Files.getLastModifiedTime(f).toMillis();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            size = -1;
        }
        return new ModelSource("classpath:" + resource, location, size, modified, () -> readResource(resource));
    }

    /** The default text model, all-MiniLM-L6-v2 (BERT, 6 layers, hidden 384, opset 11), from its jar. */
    public static ModelSource defaultText() {
        return TextPreset.ALL_MINILM_L6_V2.source();
    }

    /**
     * A jar on the class path whose file name starts with {@code prefix}: from java.class.path, or from the
     * Class-Path manifest entry of the launching jar ({@code java -jar sentifuse.jar}); null when not found.
     */
    static Path classPathJar(String prefix) {
        List<Path> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(Path.of(e));
            }
        }
        for (Path e : List.copyOf(entries)) {
            if (e.toString().endsWith(".jar") && Files.isRegularFile(e)) {
                try (JarFile jar = new JarFile(e.toFile())) {
                    Manifest m = jar.getManifest();
                    String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String rel : cp.trim().split("\\s+")) {
                            entries.add(e.toAbsolutePath().getParent().resolve(rel));
                        }
                    }
                } catch (IOException ignored) {
                    // not a readable jar: skip its manifest
                }
            }
        }
        return entries.stream().filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith(prefix)
                && Files.isRegularFile(p)).findFirst().orElse(null);
    }

    public String name() {
        return name;
    }

    /** The model file (a rewritten model's: the file it was made from), or null for a classpath resource. */
    public Path file() {
        return file;
    }

    public synchronized byte[] bytes() {
        if (bytes == null) {
            bytes = loader.get();
        }
        return bytes;
    }

    /** SHA-256 of the model bytes. */
    public synchronized String sha256() {
        if (sha256 == null) {
            sha256 = io.sentifuse.files.Checksums.sha256(bytes());
        }
        return sha256;
    }

    /** SHA-256, taken from {@code memo} when this location, size and time were hashed before. */
    public synchronized String sha256(ChecksumMemo memo) {
        if (sha256 == null) {
            sha256 = size < 0 ? sha256() : memo.sha256(location, size, modified, this::bytes);
        }
        return sha256;
    }

    /** Parses the model; bytes that are not an ONNX model are refused naming the source. */
    public OnnxModel parse() {
        return OnnxModel.parse(bytes(), name);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserInputException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readResource(String resource) {
        try (InputStream in = ModelSource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UserInputException("the model " + resource + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UserInputException("cannot read " + resource + " from the classpath: " + e.getMessage(), e);
        }
    }
}
