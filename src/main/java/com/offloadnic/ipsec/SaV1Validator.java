package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Validates an IPsec offload v1 SA ({@link AddSaV1}) against the current configuration and maps it onto the SA
 * bundle the shared send and receive pipelines process: the v1 operations become {@link SecAssoc} entries, the
 * tunnel endpoints the bundle's addresses (so inbound lookup by SPI and destination finds a tunnel SA by its outer
 * destination), and the mode comes from the tunnel endpoints (OFFLOAD_IPSEC_ADD_SA: set only for the tunnel
 * portion). The NIC generates DES/3DES IVs.
 */
public final class SaV1Validator {

    private SaV1Validator() {
    }

    /**
     * @return the bundle with its keys copied out of {@code keyMat} (which the caller still destroys)
     * @throws SaRefusedException with the first reason the configuration refuses the SA for
     */
    public static SaBundle validate(AddSaV1 request, SaV1Capabilities caps) throws SaRefusedException {
        SaMode mode = request.selector().isTunnel() ? SaMode.TUNNEL : SaMode.TRANSPORT;
        List<V1SecAssoc> entries = request.secAssoc();
        if (entries.size() == 2 && (entries.get(0).operation() != IpsecOperation.ESP
                || entries.get(1).operation() != IpsecOperation.AH)) {
            throw new SaRefusedException(SaRefusalReason.SA_BUNDLE_COMBINATION_NOT_SUPPORTED, "secAssoc is "
                    + entries.get(0).operation() + " then " + entries.get(1).operation()
                    + "; the only two-entry SA is ENCRYPT (ESP) followed by AUTHENTICATE (AH)", "/secAssoc/1/operation");
        }
        if (entries.size() == 2 && !caps.ahEspCombined()) {
            throw new SaRefusedException(SaRefusalReason.SA_AH_ESP_COMBINED_NOT_SUPPORTED,
                    "ESP followed by AH needs Supported.AhEspCombined", "/secAssoc");
        }
        for (int i = 0; i < entries.size(); i++) {
            checkEntry(entries.get(i), "/secAssoc/" + i, request.direction(), mode, caps);
        }
        UdpEspEncapsulation udp = UdpEspEncapsulation.NONE;
        if (request.udpEsp() != null) {
            udp = checkUdpEsp(request, mode, caps);
        }
        List<SecAssoc> mapped = new ArrayList<>(entries.size());
        List<SecAssocKeys> keys = new ArrayList<>(entries.size());
        int offset = 0;
        try {
            for (V1SecAssoc e : entries) {
                EncryptionAlgorithm enc = e.confAlgo().algorithm();
                IntegrityAlgorithm integrity = e.integrityAlgo().algorithm();
                EncryptionAlgorithmInfo encInfo = e.operation() == IpsecOperation.AH ? EncryptionAlgorithmInfo.NONE
                        : new EncryptionAlgorithmInfo(enc, e.confKeyLength(), offset, 0);
                IntegrityAlgorithmInfo intInfo = integrity == null ? null
                        : new IntegrityAlgorithmInfo(integrity, e.integrityKeyLength(), offset + e.confKeyLength(), 0);
                mapped.add(new SecAssoc(e.operation(), e.spi(), encInfo, intInfo, false, 0));
                SecretBytes encKey = e.confKeyLength() > 0 ? slice(request.keyMat(), offset, e.confKeyLength()) : null;
                SecretBytes intKey = e.integrityKeyLength() > 0
                        ? slice(request.keyMat(), offset + e.confKeyLength(), e.integrityKeyLength()) : null;
                keys.add(new SecAssocKeys(encKey, intKey));
                offset += e.keyMaterialLength();
            }
        } catch (RuntimeException ex) {
            keys.forEach(SecAssocKeys::destroy);
            throw ex;
        }
        TrafficSelector s = request.selector();
        IpAddress destination = mode == SaMode.TUNNEL ? s.destTunnelAddr() : IpAddress.IPV4_UNSPECIFIED;
        IpAddress source = mode == SaMode.TUNNEL ? s.srcTunnelAddr() : IpAddress.IPV4_UNSPECIFIED;
        SaParameters parameters = new SaParameters(request.direction(), IpVersion.IPV4, source, destination, udp,
                mapped, new SaEmulation(IvSource.GENERATE, mode,
                request.emulation().lifetimePackets(), request.emulation().lifetimeBytes()));
        return new SaBundle(parameters, keys);
    }

    private static void checkEntry(V1SecAssoc e, String at, SaDirection direction, SaMode mode, SaV1Capabilities caps)
            throws SaRefusedException {
        if (e.spi() == 0) {
            throw new SaRefusedException(SaRefusalReason.SA_SPI_ZERO, "SPI 0 is reserved (RFC 4303 section 2.1)",
                    at + "/spi");
        }
        SaV1Capabilities.Protocol protocol;
        if (e.operation() == IpsecOperation.AH) {
            if (e.confAlgo() != V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_NONE || e.confKeyLength() != 0) {
                throw new SaRefusedException(SaRefusalReason.SA_AH_WITH_ENCRYPTION, "an AUTHENTICATE entry has a"
                        + " ConfAlgo of zeros, not " + e.confAlgo() + " with a " + e.confKeyLength() + "-byte key",
                        at + "/confAlgo");
            }
            if (e.integrityAlgo().algorithm() == null) {
                throw new SaRefusedException(SaRefusalReason.SA_AH_WITHOUT_INTEGRITY,
                        "an AUTHENTICATE entry needs an IntegrityAlgo", at + "/integrityAlgo");
            }
            protocol = caps.ah();
            if (!protocol.enabled()) {
                throw new SaRefusedException(SaRefusalReason.SA_AH_NOT_SUPPORTED,
                        "AH offload (IPv4AH) is not in the current configuration", at + "/operation");
            }
        } else {
            if (e.confAlgo() == V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_NONE && e.integrityAlgo().algorithm() == null) {
                throw new SaRefusedException(SaRefusalReason.SA_ESP_NULL_WITHOUT_INTEGRITY,
                        "an ENCRYPT entry with ConfAlgo OFFLOAD_IPSEC_CONF_NONE needs an IntegrityAlgo",
                        at + "/integrityAlgo");
            }
            protocol = caps.esp();
            if (!protocol.enabled()) {
                throw new SaRefusedException(SaRefusalReason.SA_ESP_NOT_SUPPORTED,
                        "ESP offload (IPv4ESP) is not in the current configuration", at + "/operation");
            }
            EncryptionAlgorithm enc = e.confAlgo().algorithm();
            if (!caps.encryption().contains(enc)) {
                throw new SaRefusedException(SaRefusalReason.SA_ALGORITHM_NOT_ENABLED, e.confAlgo()
                        + " is not in the current configuration", at + "/confAlgo/algoIdentifier");
            }
            if (e.confKeyLength() != enc.keyLength()) {
                throw new SaRefusedException(SaRefusalReason.SA_KEY_LENGTH_MISMATCH, e.confAlgo() + " takes a "
                        + enc.keyLength() + "-byte key, not " + e.confKeyLength(), at + "/confAlgo/algoKeylen");
            }
        }
        IntegrityAlgorithm integrity = e.integrityAlgo().algorithm();
        if (integrity != null) {
            if (!caps.integrity().contains(integrity)) {
                throw new SaRefusedException(SaRefusalReason.SA_ALGORITHM_NOT_ENABLED, e.integrityAlgo()
                        + " is not in the current configuration", at + "/integrityAlgo/algoIdentifier");
            }
            if (e.integrityKeyLength() != integrity.keyLength()) {
                throw new SaRefusedException(SaRefusalReason.SA_KEY_LENGTH_MISMATCH, e.integrityAlgo() + " takes a "
                        + integrity.keyLength() + "-byte key, not " + e.integrityKeyLength(),
                        at + "/integrityAlgo/algoKeylen");
            }
        } else if (e.integrityKeyLength() != 0) {
            throw new SaRefusedException(SaRefusalReason.SA_KEY_LENGTH_MISMATCH, "OFFLOAD_IPSEC_INTEGRITY_NONE takes"
                    + " no key, not " + e.integrityKeyLength() + " bytes", at + "/integrityAlgo/algoKeylen");
        }
        boolean directionOk = direction == SaDirection.INBOUND ? protocol.receive() : protocol.send();
        if (!directionOk) {
            throw new SaRefusedException(SaRefusalReason.SA_DIRECTION_NOT_SUPPORTED, e.operation() + " is not"
                    + " offloaded for " + (direction == SaDirection.INBOUND ? "receive" : "send")
                    + " in the current configuration", "/flags");
        }
        boolean modeOk = mode == SaMode.TUNNEL ? protocol.tunnel() : protocol.transport();
        if (!modeOk) {
            throw new SaRefusedException(SaRefusalReason.SA_MODE_NOT_SUPPORTED, e.operation() + " "
                    + mode.name().toLowerCase() + " mode is not in the current configuration",
                    mode == SaMode.TUNNEL ? "/destTunnelAddr" : "/secAssoc");
        }
    }

    private static UdpEspEncapsulation checkUdpEsp(AddSaV1 request, SaMode mode, SaV1Capabilities caps)
            throws SaRefusedException {
        V1UdpEspEntry entry = request.udpEsp();
        if (entry.type() != V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_OTHER) {
            throw new SaRefusedException(SaRefusalReason.SA_UDP_ESP_TYPE_NOT_SUPPORTED, entry.type()
                    + " is reserved; UDP-ESP SAs use IPSEC_UDPESP_ENCAPTYPE_OTHER", "/encapTypeEntry/udpEncapType");
        }
        for (int i = 0; i < request.secAssoc().size(); i++) {
            if (request.secAssoc().get(i).operation() == IpsecOperation.AH) {
                throw new SaRefusedException(SaRefusalReason.SA_UDP_ESP_WITH_AH,
                        "UDP encapsulation (RFC 3948) applies to ESP only", "/secAssoc/" + i + "/operation");
            }
        }
        boolean supported = mode == SaMode.TUNNEL ? caps.udpEspTunnel() : caps.udpEspTransport();
        if (!supported) {
            throw new SaRefusedException(SaRefusalReason.SA_UDP_ESP_TYPE_NOT_SUPPORTED, (mode == SaMode.TUNNEL
                    ? "IPSEC_TUN_UDPESP_ENCAPTYPE_OTHER" : "IPSEC_TPT_UDPESP_ENCAPTYPE_OTHER")
                    + " is not in the current configuration", "/encapTypeEntry/udpEncapType");
        }
        if (request.direction() == SaDirection.INBOUND
                && entry.dstEncapPort() != UdpEspEncapsulationType.IPSEC_NAT_T_PORT) {
            throw new SaRefusedException(SaRefusalReason.SA_UDP_ESP_PORT_NOT_SUPPORTED, "dstEncapPort is "
                    + entry.dstEncapPort() + "; parser entries use port 4500", "/encapTypeEntry/dstEncapPort");
        }
        return UdpEspEncapsulation.of(mode == SaMode.TUNNEL ? UdpEspEncapsulationType.TUNNEL
                : UdpEspEncapsulationType.TRANSPORT);
    }

    private static SecretBytes slice(SecretBytes buffer, int offset, int length) {
        byte[] tmp = buffer.copyRange(offset, length);
        try {
            return SecretBytes.copyOf(tmp);
        } finally {
            Arrays.fill(tmp, (byte) 0);
        }
    }
}
