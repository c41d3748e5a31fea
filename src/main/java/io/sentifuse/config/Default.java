package io.sentifuse.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The default of a scalar configuration setting and its one-line documentation. This is the single
 * declaration of both: the loader starts from these values and {@code experiments/base.yaml} is generated
 * from them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {

    /** The default, written as a YAML scalar (e.g. {@code 42}, {@code 5.0e-5}, {@code paper}, {@code []}). */
    String value();

    /** One line that says what the setting does and which values it takes. */
    String doc();
}
