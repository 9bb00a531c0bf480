package com.offloadnic.cbor;

/**
 * Malformed or truncated CBOR (RFC 8949), or an item that is not what the caller asked for, for every codec of this
 * package.
 *
 * <p>Messages name the item, the offset and the numbers involved, e.g.
 * {@code "CBOR byte string truncated: needs 1400 bytes at offset 17, 12 left"}. A read that throws leaves nothing
 * but the reader's position changed.
 */
public final class CborFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CborFormatException(String message) {
        super(message);
    }
}
