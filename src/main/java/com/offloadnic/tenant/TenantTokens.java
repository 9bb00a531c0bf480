package com.offloadnic.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer tokens: 256 random bits, base64url without padding, with a recognisable prefix so a leaked
 * token is easy to find in logs and secret scanners. Stored only as SHA-256 digests; a high-entropy
 * token needs no slow password hash.
 */
public final class TenantTokens {

    /** Prefix of every generated token. */
    public static final String PREFIX = "onic_";
    /** Random bytes per token (256 bits, twice the 128 bits the contract asks for). */
    public static final int RANDOM_BYTES = 32;
    /** Shortest token accepted when an operator supplies one. */
    public static final int MIN_SUPPLIED_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private TenantTokens() {
    }

    public static String generate() {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** SHA-256 of the token's UTF-8 bytes. */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Parses a 64-digit hex SHA-256 digest, as an operator writes it in configuration. */
    public static byte[] parseHexHash(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a SHA-256 token hash is 64 hex digits");
        }
        return HexFormat.of().parseHex(hex);
    }

    /** Constant-time comparison of two digests. */
    public static boolean matches(byte[] expectedHash, byte[] presentedHash) {
        return MessageDigest.isEqual(expectedHash, presentedHash);
    }

    /** A supplied token must be long enough to be a secret; throws otherwise. */
    public static void requireStrong(String token, String what) {
        if (token == null || token.length() < MIN_SUPPLIED_LENGTH) {
            throw new IllegalArgumentException(what + " must be at least " + MIN_SUPPLIED_LENGTH + " characters");
        }
    }
}
