package io.chaperone.cluster;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a consent event re-fired on this node because another node decided it (the change feed). Observers without
 * a qualifier see local and remote events alike (one code path); an observer of {@code @Default} events sees only
 * the decisions made here, which is how the feed avoids publishing what it received.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface Remote {

    final class Literal extends AnnotationLiteral<Remote> implements Remote {
        public static final Literal INSTANCE = new Literal();
    }
}
