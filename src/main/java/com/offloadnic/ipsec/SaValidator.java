package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static com.offloadnic.ipsec.SaRefusalReason.*;

/**
 * Checks an ADD_SA / ADD_SA_EX bundle against the NIC's {@link IpsecV2Limits} and copies its keys out of the
 * request's key data. Checks that need the table (capacity, SPI collisions) are the {@link SaTable}'s.
 *
 * <p>The first failing check decides the reason, in this order: bundle shape; NIC capabilities (protocols,
 * IPv6, UDP-ESP, mode); per entry SPI and ESN; per entry algorithm combination; authentication present;
 * per entry algorithms enabled, key lengths, ICV lengths; key ranges. Decisions where NDIS leaves room:
 * <ul>
 *   <li>ESP with AES-GCM: {@code authenticationAlgorithm} is absent, or the {@code AUTHENTICATION_AES_GCM_*}
 *       of the same key size with {@code keyLength} 0 (Windows fills it in; NDIS says it "should not be used");
 *       such an entry is ignored otherwise (not checked against the enabled set, no key).</li>
 *   <li>{@code additionalInfo} of AES-GCM encryption is the ICV length: 8, 12 or 16 and allowed by the NIC
 *       (0 is refused: the transport always states it). HMAC and GMAC ICVs have one length, so their
 *       {@code additionalInfo} is 0 or that length. For CBC and NONE, NDIS gives it no meaning; it is ignored.</li>
 *   <li>ESP with confidentiality and no integrity is accepted only inside an ESP+AH bundle (NDIS: "It is not
 *       permissible for a IPsec packet to have no authentication").</li>
 *   <li>AES-GMAC as ESP integrity goes with null encryption only (RFC 4543's ENCR_NULL_AUTH_AES_GMAC).</li>
 * </ul>
 */
public final class SaValidator {

    private SaValidator() {
    }

    /** Validates one {@code IPSEC_OFFLOAD_V2_ADD_SA}; does not consume the key data. */
    public static SaBundle validate(AddSa request, IpsecV2Limits limits) throws SaRefusedException {
        SecretBytes keyData = request.keyData();
        return validate(request.parameters(), limits, keyData, 0, keyData.length());
    }

    /** Validates an {@code IPSEC_OFFLOAD_V2_ADD_SA_EX}; does not consume the buffer. */
    public static SaBundle validate(AddSaEx request, IpsecV2Limits limits) throws SaRefusedException {
        if (request.sourceSwitchPortId() != 0) {
            throw new SaRefusedException(SA_RESERVED_FIELD_NOT_ZERO,
                    "sourceSwitchPortId is reserved and must be 0, got " + request.sourceSwitchPortId(),
                    "/sourceSwitchPortId");
        }
        if (request.vlanId() != 0) {
            throw new SaRefusedException(SA_RESERVED_FIELD_NOT_ZERO,
                    "vlanId is reserved and must be 0, got " + request.vlanId(), "/vlanId");
        }
        long end = (long) request.keyOffset() + request.keyLength();
        if (end > request.buffer().length()) {
            throw new SaRefusedException(SA_KEY_OUT_OF_RANGE, "key array at keyOffset " + request.keyOffset()
                    + " with keyLength " + request.keyLength() + " ends at byte " + end + " of a "
                    + request.buffer().length() + "-byte buffer", "/keyLength");
        }
        return validate(request.parameters(), limits, request.buffer(), request.keyOffset(), request.keyLength());
    }

    private static SaBundle validate(SaParameters p, IpsecV2Limits limits, SecretBytes buffer, int keyBase,
                                     int keyLength) throws SaRefusedException {
        List<SecAssoc> entries = p.secAssoc();
        checkShape(entries);
        checkCapabilities(p, limits);
        for (int i = 0; i < entries.size(); i++) {
            checkSequenceFields(entries.get(i), i, limits);
        }
        for (int i = 0; i < entries.size(); i++) {
            checkCombination(entries.get(i), i);
        }
        checkAuthenticated(p);
        for (int i = 0; i < entries.size(); i++) {
            checkAlgorithms(entries.get(i), i, limits);
        }
        for (int i = 0; i < entries.size(); i++) {
            checkKeyRanges(entries.get(i), i, keyLength);
        }
        return new SaBundle(p, extractKeys(entries, buffer, keyBase));
    }

    private static void checkShape(List<SecAssoc> entries) throws SaRefusedException {
        if (entries.size() == 2
                && (entries.get(0).operation() != IpsecOperation.ESP || entries.get(1).operation() != IpsecOperation.AH)) {
            throw new SaRefusedException(SA_BUNDLE_COMBINATION_NOT_SUPPORTED, "secAssoc entries are "
                    + entries.get(0).operation() + " then " + entries.get(1).operation()
                    + "; NDIS supports only ESP followed by AH", "/secAssoc");
        }
    }

    private static void checkCapabilities(SaParameters p, IpsecV2Limits limits) throws SaRefusedException {
        List<SecAssoc> entries = p.secAssoc();
        for (int i = 0; i < entries.size(); i++) {
            IpsecOperation op = entries.get(i).operation();
            if (op == IpsecOperation.AH && !limits.ah()) {
                throw new SaRefusedException(SA_AH_NOT_SUPPORTED,
                        "secAssoc " + i + " is AH and the current configuration has Ah off",
                        "/secAssoc/" + i + "/operation");
            }
            if (op == IpsecOperation.ESP && !limits.esp()) {
                throw new SaRefusedException(SA_ESP_NOT_SUPPORTED,
                        "secAssoc " + i + " is ESP and the current configuration has Esp off",
                        "/secAssoc/" + i + "/operation");
            }
        }
        if (entries.size() == 2 && !limits.ahEspCombined()) {
            throw new SaRefusedException(SA_AH_ESP_COMBINED_NOT_SUPPORTED,
                    "an ESP+AH bundle needs AhEspCombined, which the current configuration has off", "/secAssoc");
        }
        if (p.ipVersion() == IpVersion.IPV6 && !limits.ipv6Supported()) {
            throw new SaRefusedException(SA_IPV6_NOT_SUPPORTED,
                    "IPv6 endpoints and the current configuration has IPv6Supported off", "/ipVersion");
        }
        UdpEspEncapsulationType udp = p.udpEspEncapsulation().type();
        if (udp != UdpEspEncapsulationType.NONE) {
            if (!limits.udpEsp().contains(udp)) {
                throw new SaRefusedException(SA_UDP_ESP_TYPE_NOT_SUPPORTED, udp.ndisName()
                        + " is not among the UDP-ESP types of the current configuration " + limits.udpEsp(),
                        "/udpEspEncapsulation/type");
            }
            if (p.indexOf(IpsecOperation.AH) >= 0) {
                throw new SaRefusedException(SA_UDP_ESP_WITH_AH, udp.ndisName()
                        + " on a bundle with AH; UDP encapsulation (RFC 3948) carries ESP only",
                        "/udpEspEncapsulation/type");
            }
        }
        SaMode asked = p.emulation().mode();
        SaMode implied = udp.impliedMode().orElse(null);
        if (asked != null && implied != null && asked != implied) {
            throw new SaRefusedException(SA_MODE_CONFLICT, "emulation.mode " + asked + " but "
                    + udp.ndisName() + " names " + implied, "/emulation/mode");
        }
        SaMode mode = p.mode();
        if (mode == SaMode.TRANSPORT && !limits.transport()) {
            throw new SaRefusedException(SA_MODE_NOT_SUPPORTED,
                    "transport-mode SA and the current configuration has Transport off", modeField(asked));
        }
        if (mode == SaMode.TUNNEL && !limits.tunnel()) {
            throw new SaRefusedException(SA_MODE_NOT_SUPPORTED,
                    "tunnel-mode SA and the current configuration has Tunnel off", modeField(asked));
        }
    }

    private static String modeField(SaMode asked) {
        return asked != null ? "/emulation/mode" : "/udpEspEncapsulation/type";
    }

    private static void checkSequenceFields(SecAssoc sa, int i, IpsecV2Limits limits) throws SaRefusedException {
        String at = "/secAssoc/" + i;
        if (sa.spi() == 0) {
            throw new SaRefusedException(SA_SPI_ZERO,
                    "secAssoc " + i + " has SPI 0, which RFC 4303 reserves for local use", at + "/spi");
        }
        if (sa.esn() && !limits.extendedSequenceNumbers()) {
            throw new SaRefusedException(SA_ESN_NOT_SUPPORTED, "secAssoc " + i
                    + " asks for ESN and the current configuration has ExtendedSequenceNumbers off", at + "/esn");
        }
        if (!sa.esn() && sa.sequenceNumberHighOrder() != 0) {
            throw new SaRefusedException(SA_SEQUENCE_HIGH_ORDER_WITHOUT_ESN, "secAssoc " + i
                    + " has sequenceNumberHighOrder " + sa.sequenceNumberHighOrderUnsigned() + " without ESN",
                    at + "/sequenceNumberHighOrder");
        }
    }

    private static void checkCombination(SecAssoc sa, int i) throws SaRefusedException {
        String at = "/secAssoc/" + i;
        EncryptionAlgorithm enc = sa.encryptionAlgorithm().identifier();
        IntegrityAlgorithmInfo auth = sa.authenticationAlgorithm();
        if (sa.operation() == IpsecOperation.AH) {
            if (enc != EncryptionAlgorithm.NONE || sa.encryptionAlgorithm().keyLength() != 0) {
                throw new SaRefusedException(SA_AH_WITH_ENCRYPTION, "secAssoc " + i + " is AH with encryption "
                        + enc.ndisName() + "; AH entries carry zeros there", at + "/encryptionAlgorithm");
            }
            if (auth == null) {
                throw new SaRefusedException(SA_AH_WITHOUT_INTEGRITY,
                        "secAssoc " + i + " is AH without an authentication algorithm", at + "/authenticationAlgorithm");
            }
            return;
        }
        if (enc == EncryptionAlgorithm.NONE && auth == null) {
            throw new SaRefusedException(SA_ESP_NULL_WITHOUT_INTEGRITY, "secAssoc " + i
                    + " is ESP with neither encryption nor authentication", at + "/authenticationAlgorithm");
        }
        if (enc.isAead() && auth != null) {
            IntegrityAlgorithm matching = matchingGmac(enc);
            if (auth.identifier() != matching || auth.keyLength() != 0) {
                throw new SaRefusedException(SA_GCM_INTEGRITY_CONFLICT, "secAssoc " + i + " combines "
                        + enc.ndisName() + " with " + auth.identifier().ndisName() + " keyLength " + auth.keyLength()
                        + "; AES-GCM authenticates by itself, so authenticationAlgorithm must be absent or "
                        + matching.ndisName() + " with keyLength 0", at + "/authenticationAlgorithm");
            }
        }
        if (!enc.isAead() && enc != EncryptionAlgorithm.NONE && auth != null
                && auth.identifier().mode() == IntegrityAlgorithm.Mode.GMAC) {
            throw new SaRefusedException(SA_GMAC_REQUIRES_NULL_ENCRYPTION, "secAssoc " + i + " combines "
                    + enc.ndisName() + " with " + auth.identifier().ndisName()
                    + "; RFC 4543 defines AES-GMAC in ESP with null encryption only", at + "/authenticationAlgorithm");
        }
    }

    private static void checkAuthenticated(SaParameters p) throws SaRefusedException {
        int esp = p.indexOf(IpsecOperation.ESP);
        if (esp < 0 || p.indexOf(IpsecOperation.AH) >= 0 || p.emulation().allowConfidentialityOnly()) {
            return;
        }
        SecAssoc sa = p.secAssoc().get(esp);
        if (!sa.encryptionAlgorithm().identifier().isAead() && sa.authenticationAlgorithm() == null) {
            throw new SaRefusedException(SA_NO_AUTHENTICATION, "secAssoc " + esp + " is ESP with "
                    + sa.encryptionAlgorithm().identifier().ndisName()
                    + " and no authentication algorithm, and no AH follows it", "/secAssoc/" + esp + "/authenticationAlgorithm");
        }
    }

    private static void checkAlgorithms(SecAssoc sa, int i, IpsecV2Limits limits) throws SaRefusedException {
        String at = "/secAssoc/" + i;
        EncryptionAlgorithmInfo encInfo = sa.encryptionAlgorithm();
        EncryptionAlgorithm enc = encInfo.identifier();
        if (sa.operation() == IpsecOperation.ESP) {
            if (!limits.encryptionAlgorithms().contains(enc)) {
                throw new SaRefusedException(SA_ALGORITHM_NOT_ENABLED, "secAssoc " + i + " uses " + enc.ndisName()
                        + ", which is not in the current configuration", at + "/encryptionAlgorithm/identifier");
            }
            if (encInfo.keyLength() != enc.keyLength()) {
                throw new SaRefusedException(SA_KEY_LENGTH_MISMATCH, keyLengthMessage(i, enc.ndisName(),
                        encInfo.keyLength(), enc.keyLength(), enc.saltLength()), at + "/encryptionAlgorithm/keyLength");
            }
            if (enc.isAead()) {
                int icv = encInfo.additionalInfo();
                if (!IpsecV2Limits.GCM_ICV_LENGTHS.contains(icv)) {
                    throw new SaRefusedException(SA_ICV_LENGTH_NOT_ALLOWED, "secAssoc " + i + " gives "
                            + enc.ndisName() + " additionalInfo (ICV length) " + icv
                            + " (RFC 4106 allows 8, 12 or 16)", at + "/encryptionAlgorithm/additionalInfo");
                }
                if (!limits.gcmIcvLengths().contains(icv)) {
                    throw new SaRefusedException(SA_ICV_LENGTH_NOT_ALLOWED, "secAssoc " + i + " asks for a "
                            + icv + "-byte AES-GCM ICV; this NIC allows " + limits.gcmIcvLengths(),
                            at + "/encryptionAlgorithm/additionalInfo");
                }
            }
        }
        IntegrityAlgorithmInfo authInfo = sa.authenticationAlgorithm();
        if (authInfo == null || enc.isAead()) {
            return;
        }
        IntegrityAlgorithm auth = authInfo.identifier();
        if (!limits.authenticationAlgorithms().contains(auth)) {
            throw new SaRefusedException(SA_ALGORITHM_NOT_ENABLED, "secAssoc " + i + " uses " + auth.ndisName()
                    + ", which is not in the current configuration", at + "/authenticationAlgorithm/identifier");
        }
        if (authInfo.keyLength() != auth.keyLength()) {
            throw new SaRefusedException(SA_KEY_LENGTH_MISMATCH, keyLengthMessage(i, auth.ndisName(),
                    authInfo.keyLength(), auth.keyLength(), auth.saltLength()), at + "/authenticationAlgorithm/keyLength");
        }
        if (authInfo.additionalInfo() != 0 && authInfo.additionalInfo() != auth.icvLength()) {
            throw new SaRefusedException(SA_ICV_LENGTH_NOT_ALLOWED, "secAssoc " + i + " gives " + auth.ndisName()
                    + " additionalInfo " + authInfo.additionalInfo() + "; its ICV is always " + auth.icvLength()
                    + " bytes (use 0 or " + auth.icvLength() + ")", at + "/authenticationAlgorithm/additionalInfo");
        }
    }

    private static String keyLengthMessage(int i, String algorithm, int given, int expected, int salt) {
        return "secAssoc " + i + " gives " + algorithm + " keyLength " + given + " (expected " + expected
                + (salt > 0 ? ": " + (expected - salt) + "-byte AES key followed by the " + salt + "-byte salt" : "")
                + ")";
    }

    private static void checkKeyRanges(SecAssoc sa, int i, int keyLength) throws SaRefusedException {
        String at = "/secAssoc/" + i;
        EncryptionAlgorithmInfo enc = sa.encryptionAlgorithm();
        if (enc.keyLength() > 0) {
            checkRange(i, "encryptionAlgorithm", enc.keyOffsetBytes(), enc.keyLength(), keyLength, at);
        }
        IntegrityAlgorithmInfo auth = sa.authenticationAlgorithm();
        if (auth != null && auth.keyLength() > 0 && !enc.identifier().isAead()) {
            checkRange(i, "authenticationAlgorithm", auth.keyOffsetBytes(), auth.keyLength(), keyLength, at);
        }
    }

    private static void checkRange(int i, String member, int offset, int length, int keyLength, String at)
            throws SaRefusedException {
        long end = (long) offset + length;
        if (end > keyLength) {
            throw new SaRefusedException(SA_KEY_OUT_OF_RANGE, "secAssoc " + i + " " + member + " key at keyOffsetBytes "
                    + offset + " with keyLength " + length + " ends at byte " + end + " of " + keyLength
                    + " bytes of key data", at + "/" + member + "/keyOffsetBytes");
        }
    }

    private static List<SecAssocKeys> extractKeys(List<SecAssoc> entries, SecretBytes buffer, int keyBase) {
        List<SecAssocKeys> keys = new ArrayList<>(entries.size());
        for (SecAssoc sa : entries) {
            EncryptionAlgorithmInfo enc = sa.encryptionAlgorithm();
            IntegrityAlgorithmInfo auth = sa.authenticationAlgorithm();
            SecretBytes encKey = enc.keyLength() > 0 ? slice(buffer, keyBase + enc.keyOffsetBytes(), enc.keyLength()) : null;
            SecretBytes authKey = auth != null && auth.keyLength() > 0 && !enc.identifier().isAead()
                    ? slice(buffer, keyBase + auth.keyOffsetBytes(), auth.keyLength())
                    : null;
            keys.add(new SecAssocKeys(encKey, authKey));
        }
        return keys;
    }

    private static SecretBytes slice(SecretBytes buffer, int offset, int length) {
        byte[] tmp = buffer.copyRange(offset, length);
        try {
            return SecretBytes.copyOf(tmp);
        } finally {
            Arrays.fill(tmp, (byte) 0);
        }
    }

    /** The {@code AUTHENTICATION_AES_GCM_*} identifier that goes with an {@code ENCRYPTION_AES_GCM_*}. */
    static IntegrityAlgorithm matchingGmac(EncryptionAlgorithm gcm) {
        return switch (gcm) {
            case AES_GCM_128 -> IntegrityAlgorithm.AES_GMAC_128;
            case AES_GCM_192 -> IntegrityAlgorithm.AES_GMAC_192;
            case AES_GCM_256 -> IntegrityAlgorithm.AES_GMAC_256;
            default -> throw new IllegalArgumentException(gcm + " is not AES-GCM");
        };
    }
}
