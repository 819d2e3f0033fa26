package io.chaperone.protocol;

/** The outcome of decoding one text frame: a valid frame, or why it is not one. */
public sealed interface Decoded<F extends InboundFrame> {

    record Valid<F extends InboundFrame>(F frame) implements Decoded<F> {
    }

    /** {@code code} is a stable wire code; {@code id} echoes the frame's id when one could be read. */
    record Invalid<F extends InboundFrame>(String code, String message, String id) implements Decoded<F> {
    }
}
