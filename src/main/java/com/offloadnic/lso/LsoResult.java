package com.offloadnic.lso;

import java.util.List;

/** The outcome of a large send: the segments in transmit order, or why none can be sent. */
public sealed interface LsoResult<T> permits LsoResult.Segments, LsoResult.Failed {

    /**
     * @param segments   in transmit order
     * @param tcpPayload total TCP user-data bytes in all segments (LsoV1TransmitComplete.TcpPayload)
     */
    record Segments<T>(List<T> segments, long tcpPayload) implements LsoResult<T> {
        public Segments {
            segments = List.copyOf(segments);
        }
    }

    record Failed<T>(OffloadFailure failure) implements LsoResult<T> {
        public OffloadFailureReason reason() {
            return failure.reason();
        }
    }

    default boolean isSuccess() {
        return this instanceof Segments;
    }

    /** The segments, or an {@link IllegalStateException} naming the failure. */
    default Segments<T> orThrow() {
        if (this instanceof Segments<T> s) {
            return s;
        }
        OffloadFailure f = ((Failed<T>) this).failure();
        throw new IllegalStateException(f.reason() + ": " + f.message());
    }
}
