package com.offloadnic.cbor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The map keys of one record, encoded once as CBOR text strings: a reader finds a key's index by comparing bytes
 * ({@link CborReader#readKey}), a writer copies the encoded key ({@link CborWriter#writeKey}); neither makes a
 * {@code String}.
 */
public final class CborKeys {

    private final List<String> names;
    private final byte[][] utf8;
    private final byte[][] encoded;

    private CborKeys(String... names) {
        this.names = List.of(names);
        this.utf8 = new byte[names.length][];
        this.encoded = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            utf8[i] = names[i].getBytes(StandardCharsets.UTF_8);
            encoded[i] = new CborWriter(utf8[i].length + 9).writeText(names[i]).toByteArray();
        }
    }

    /** Keys in the order given; index {@code i} is {@code names[i]}. At most 64, so a reader can track them in a long. */
    public static CborKeys of(String... names) {
        if (names.length > Long.SIZE) {
            throw new IllegalArgumentException(names.length + " keys (at most " + Long.SIZE + ")");
        }
        if (List.of(names).stream().distinct().count() != names.length) {
            throw new IllegalArgumentException("duplicate keys: " + List.of(names));
        }
        return new CborKeys(names);
    }

    public int size() {
        return names.size();
    }

    public String name(int index) {
        return names.get(index);
    }

    /** Index of the key whose UTF-8 bytes are {@code buf[off, off + len)}, or -1. */
    public int indexOf(byte[] buf, int off, int len) {
        for (int i = 0; i < utf8.length; i++) {
            byte[] k = utf8[i];
            if (k.length == len && Arrays.equals(k, 0, len, buf, off, off + len)) {
                return i;
            }
        }
        return -1;
    }

    byte[] encoded(int index) {
        return encoded[index];
    }
}
