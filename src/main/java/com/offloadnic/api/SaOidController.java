package com.offloadnic.api;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.ipsec.AddSa;
import com.offloadnic.ipsec.AddSaEx;
import com.offloadnic.ipsec.EncryptionAlgorithmInfo;
import com.offloadnic.ipsec.IntegrityAlgorithmInfo;
import com.offloadnic.ipsec.IpAddress;
import com.offloadnic.ipsec.IpVersion;
import com.offloadnic.ipsec.IpsecOperation;
import com.offloadnic.ipsec.IpsecV2Limits;
import com.offloadnic.ipsec.IvSource;
import com.offloadnic.ipsec.SaDirection;
import com.offloadnic.ipsec.SaEmulation;
import com.offloadnic.ipsec.SaMode;
import com.offloadnic.ipsec.SaOidResult;
import com.offloadnic.ipsec.SaOutcome;
import com.offloadnic.ipsec.SaParameters;
import com.offloadnic.ipsec.SaView;
import com.offloadnic.ipsec.SecAssoc;
import com.offloadnic.ipsec.SequenceStateView;
import com.offloadnic.ipsec.UdpEspEncapsulation;
import com.offloadnic.ipsec.UdpEspEncapsulationType;
import com.offloadnic.ipsec.UpdateSa;
import com.offloadnic.nic.IpsecOffloadV2;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicException;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.tenant.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The IPsec offload v2 SA OIDs over HTTP (SPEC section 4): the JSON is translated field for field onto the SA
 * model, the NIC's {@link com.offloadnic.ipsec.SaTable} decides. Malformed requests (bad base64, unknown
 * identifiers, numbers out of range, handles that are not numbers, keys outside the key data) are 400 problems
 * naming the field and add nothing; a well-formed bundle the NIC refuses is an NDIS outcome with handle "0" and a
 * reason. Key bytes never leave: responses and the listing carry none.
 */
@RestController
class SaOidController {

    private static final long U32 = 0xFFFF_FFFFL;

    private final NicRegistry nics;
    /** One lock per tenant for the maxSecurityAssociations check; a few bytes per tenant that ever added an SA. */
    private final java.util.Map<String, Object> saQuotaLocks = new java.util.concurrent.ConcurrentHashMap<>();

    SaOidController(NicRegistry nics) {
        this.nics = nics;
    }

    @PostMapping(path = "/v1/nics/{nicId}/oids/tcp-task-ipsec-offload-v2-add-sa",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    SaJson.AddSaResponse addSa(Tenant tenant, @PathVariable String nicId, @RequestBody SaJson.AddSaRequest request) {
        Nic nic = NicController.find(nics, tenant, nicId);
        IpsecOffloadV2 v2 = nic.ipsecV2();
        if (nic.ndisVersion().usesAddSaEx()) {
            throw new NicException(NicException.Kind.WRONG_PROFILE, null, "NIC " + nic.nicId() + " has the NDIS "
                    + nic.ndisVersion().label() + " profile, which offloads SAs with OID_TCP_TASK_IPSEC_OFFLOAD_V2_ADD_SA_EX"
                    + " (POST .../oids/tcp-task-ipsec-offload-v2-add-sa-ex), not ADD_SA");
        }
        if (request == null || request.securityAssociations() == null || request.securityAssociations().isEmpty()) {
            throw ApiException.invalidField("/securityAssociations", "securityAssociations must list at least one"
                    + " SA bundle");
        }
        List<AddSa> adds = new ArrayList<>();
        try {
            for (int i = 0; i < request.securityAssociations().size(); i++) {
                SaJson.Bundle b = request.securityAssociations().get(i);
                String at = "/securityAssociations/" + i;
                if (b == null) {
                    throw ApiException.invalidField(at, "SA bundle " + i + " is null");
                }
                rejectExMembers(b, at);
                SaParameters parameters = parameters(b, at);
                byte[] keys = keyData(b.keyData(), at + "/keyData");
                adds.add(new AddSa(parameters, SecretBytes.copyOf(keys)));
                Arrays.fill(keys, (byte) 0);
            }
        } catch (RuntimeException e) {
            adds.forEach(a -> a.keyData().destroy());
            throw e;
        }
        SaOidResult result;
        synchronized (saQuotaLock(tenant)) { // count and add as one step, so concurrent adds cannot overshoot
            checkSaQuota(tenant, adds.size(), adds);
            result = nic.saTable().addSa(adds, limits(v2));
        }
        List<SaJson.BundleOutcome> outcomes = result.outcomes().stream().map(SaOidController::outcome).toList();
        return new SaJson.AddSaResponse(result.status().ndisName(), outcomes);
    }

    @PostMapping(path = "/v1/nics/{nicId}/oids/tcp-task-ipsec-offload-v2-add-sa-ex",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    SaJson.AddSaExResponse addSaEx(Tenant tenant, @PathVariable String nicId, @RequestBody SaJson.Bundle b) {
        Nic nic = NicController.find(nics, tenant, nicId);
        IpsecOffloadV2 v2 = nic.ipsecV2();
        if (!nic.ndisVersion().usesAddSaEx()) {
            throw new NicException(NicException.Kind.WRONG_PROFILE, null, "NIC " + nic.nicId() + " has the NDIS "
                    + nic.ndisVersion().label() + " profile, which offloads SAs with OID_TCP_TASK_IPSEC_OFFLOAD_V2_ADD_SA"
                    + " (POST .../oids/tcp-task-ipsec-offload-v2-add-sa); ADD_SA_EX exists from NDIS 6.30");
        }
        if (b == null) {
            throw ApiException.invalidField("", "the SA bundle is required");
        }
        SaParameters parameters = parameters(b, "");
        byte[] buffer = keyData(b.keyData(), "/keyData");
        int keyOffset = (int) range(b.keyOffset(), 0L, 0, buffer.length, "/keyOffset");
        int keyLength = (int) range(b.keyLength(), (long) (buffer.length - keyOffset), 0, buffer.length - keyOffset,
                "/keyLength");
        int port = (int) range(b.sourceSwitchPortId(), 0L, 0, U32 >>> 1, "/sourceSwitchPortId");
        int vlan = (int) range(b.vlanId(), 0L, 0, 4095, "/vlanId");
        AddSaEx request = new AddSaEx(parameters, keyLength, keyOffset, port, vlan, SecretBytes.copyOf(buffer));
        Arrays.fill(buffer, (byte) 0);
        SaOidResult result;
        synchronized (saQuotaLock(tenant)) {
            try {
                checkSaQuota(tenant, 1, List.of());
            } catch (ApiException refused) {
                request.buffer().destroy(); // a refused request's key copy is zeroed like an accepted one's
                throw refused;
            }
            result = nic.saTable().addSaEx(request, limits(v2));
        }
        SaJson.BundleOutcome o = outcome(result.outcomes().get(0));
        return new SaJson.AddSaExResponse(result.status().ndisName(), o.offloadHandle(), o.reason(), o.detail(),
                o.pointer());
    }

    @PostMapping(path = "/v1/nics/{nicId}/oids/tcp-task-ipsec-offload-v2-delete-sa",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    SaJson.DeleteSaResponse deleteSa(Tenant tenant, @PathVariable String nicId,
            @RequestBody SaJson.DeleteSaRequest request) {
        Nic nic = NicController.find(nics, tenant, nicId);
        nic.ipsecV2();
        if (request == null || request.offloadHandles() == null || request.offloadHandles().isEmpty()) {
            throw ApiException.invalidField("/offloadHandles", "offloadHandles must list at least one handle");
        }
        List<Long> handles = new ArrayList<>();
        for (int i = 0; i < request.offloadHandles().size(); i++) {
            handles.add(handle(request.offloadHandles().get(i), "/offloadHandles/" + i));
        }
        SaOidResult result = nic.deleteSa(handles);
        return new SaJson.DeleteSaResponse(result.status().ndisName(),
                result.outcomes().stream().map(SaOidController::outcome).toList());
    }

    @PostMapping(path = "/v1/nics/{nicId}/oids/tcp-task-ipsec-offload-v2-update-sa",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    SaJson.UpdateSaResponse updateSa(Tenant tenant, @PathVariable String nicId,
            @RequestBody SaJson.UpdateSaRequest request) {
        Nic nic = NicController.find(nics, tenant, nicId);
        nic.ipsecV2();
        if (request == null || request.updates() == null || request.updates().isEmpty()) {
            throw ApiException.invalidField("/updates", "updates must list at least one IPSEC_OFFLOAD_V2_UPDATE_SA");
        }
        List<UpdateSa> updates = new ArrayList<>();
        for (int i = 0; i < request.updates().size(); i++) {
            SaJson.Update u = request.updates().get(i);
            String at = "/updates/" + i;
            if (u == null) {
                throw ApiException.invalidField(at, "update " + i + " is null");
            }
            long handle = handle(u.offloadHandle(), at + "/offloadHandle");
            IpsecOperation op = operation(u.operation(), at + "/operation");
            long spi = range(u.spi(), null, 1, U32, at + "/spi");
            long high = range(u.sequenceNumberHighOrder(), null, 0, U32, at + "/sequenceNumberHighOrder");
            updates.add(new UpdateSa(handle, op, (int) spi, (int) high));
        }
        SaOidResult result = nic.saTable().updateSa(updates);
        return new SaJson.UpdateSaResponse(result.status().ndisName(),
                result.outcomes().stream().map(SaOidController::outcome).toList());
    }

    @GetMapping(path = "/v1/nics/{nicId}/security-associations", produces = MediaType.APPLICATION_JSON_VALUE)
    SaJson.SaList list(Tenant tenant, @PathVariable String nicId) {
        Nic nic = NicController.find(nics, tenant, nicId);
        return new SaJson.SaList(nic.saTable().list().stream().map(SaOidController::view).toList());
    }

    private Object saQuotaLock(Tenant tenant) {
        return saQuotaLocks.computeIfAbsent(tenant.tenantId(), id -> new Object());
    }

    // ---- translation ----

    private void checkSaQuota(Tenant tenant, int adding, List<AddSa> toDestroy) {
        int max = tenant.quotas().maxSecurityAssociations();
        int held = nics.list(tenant.tenantId()).stream().mapToInt(n -> n.saTable().size()).sum();
        if (held + adding > max) {
            toDestroy.forEach(a -> a.keyData().destroy());
            throw ApiException.quotaExceeded("maxSecurityAssociations", "the tenant holds " + held + " SAs and asks"
                    + " for " + adding + " more; its quota maxSecurityAssociations is " + max, Duration.ofSeconds(1));
        }
    }

    private static IpsecV2Limits limits(IpsecOffloadV2 v2) {
        return new IpsecV2Limits(v2.encryptionAlgorithms(), v2.authenticationAlgorithms(), v2.gcmIcvLengths(),
                v2.ah(), v2.esp(), v2.ahEspCombined(), v2.ipv6Supported(), v2.transport(), v2.tunnel(),
                v2.transportTunnelCombined(), v2.extendedSequenceNumbers(), udpEsp(v2), v2.saOffloadCapacity());
    }

    private static Set<UdpEspEncapsulationType> udpEsp(IpsecOffloadV2 v2) {
        java.util.EnumSet<UdpEspEncapsulationType> out = java.util.EnumSet.noneOf(UdpEspEncapsulationType.class);
        for (var t : v2.udpEsp()) {
            UdpEspEncapsulationType.fromNdisName(t.name()).ifPresent(out::add);
        }
        return out;
    }

    private static void rejectExMembers(SaJson.Bundle b, String at) {
        if (b.keyOffset() != null || b.keyLength() != null || b.sourceSwitchPortId() != null || b.vlanId() != null) {
            String member = b.keyOffset() != null ? "keyOffset" : b.keyLength() != null ? "keyLength"
                    : b.sourceSwitchPortId() != null ? "sourceSwitchPortId" : "vlanId";
            throw ApiException.invalidField(at + "/" + member, member + " belongs to ADD_SA_EX (NDIS 6.30+);"
                    + " an ADD_SA bundle carries its keys in keyData, addressed by keyOffsetBytes");
        }
    }

    static SaParameters parameters(SaJson.Bundle b, String at) {
        int version = b.ipVersion() == null ? 4 : b.ipVersion();
        if (version != 4 && version != 6) {
            throw ApiException.invalidField(at + "/ipVersion", "ipVersion is " + version + " (expected 4 or 6)");
        }
        IpVersion ipVersion = version == 4 ? IpVersion.IPV4 : IpVersion.IPV6;
        IpAddress src = address(b.sourceAddress(), ipVersion, at + "/sourceAddress");
        IpAddress dst = address(b.destinationAddress(), ipVersion, at + "/destinationAddress");
        UdpEspEncapsulation encap = UdpEspEncapsulation.NONE;
        if (b.udpEspEncapsulation() != null) {
            SaJson.UdpEspEncapsulation u = b.udpEspEncapsulation();
            UdpEspEncapsulationType type = u.type() == null ? UdpEspEncapsulationType.NONE
                    : UdpEspEncapsulationType.fromNdisName(u.type()).orElseThrow(() -> ApiException.invalidField(
                            at + "/udpEspEncapsulation/type", "unknown UDP-ESP encapsulation type '" + u.type()
                                    + "' (expected one of " + names(UdpEspEncapsulationType.values(),
                                            UdpEspEncapsulationType::ndisName) + ")"));
            int defaultDst = type == UdpEspEncapsulationType.NONE ? 0 : UdpEspEncapsulationType.IPSEC_NAT_T_PORT;
            int sport = (int) range(u.sourcePort(), 0L, 0, 65535, at + "/udpEspEncapsulation/sourcePort");
            int dport = (int) range(u.destinationPort(), (long) defaultDst, 0, 65535,
                    at + "/udpEspEncapsulation/destinationPort");
            try {
                encap = new UdpEspEncapsulation(type, sport, dport);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidField(at + "/udpEspEncapsulation", e.getMessage());
            }
        }
        if (b.secAssoc() == null || b.secAssoc().isEmpty() || b.secAssoc().size() > 2) {
            throw ApiException.invalidField(at + "/secAssoc", "secAssoc must have 1 or 2 entries (ESP, AH, or ESP"
                    + " followed by AH), got " + (b.secAssoc() == null ? 0 : b.secAssoc().size()));
        }
        List<SecAssoc> entries = new ArrayList<>();
        for (int i = 0; i < b.secAssoc().size(); i++) {
            entries.add(secAssoc(b.secAssoc().get(i), at + "/secAssoc/" + i));
        }
        SaEmulation emulation = SaEmulation.DEFAULT;
        if (b.emulation() != null) {
            SaJson.Emulation e = b.emulation();
            IvSource iv = e.ivSource() == null ? IvSource.GENERATE : switch (e.ivSource().toLowerCase(Locale.ROOT)) {
                case "generate" -> IvSource.GENERATE;
                case "packet" -> IvSource.PACKET;
                default -> throw ApiException.invalidField(at + "/emulation/ivSource", "ivSource is '" + e.ivSource()
                        + "' (expected generate or packet)");
            };
            SaMode mode = e.mode() == null ? null : switch (e.mode().toLowerCase(Locale.ROOT)) {
                case "transport" -> SaMode.TRANSPORT;
                case "tunnel" -> SaMode.TUNNEL;
                default -> throw ApiException.invalidField(at + "/emulation/mode", "mode is '" + e.mode()
                        + "' (expected transport or tunnel)");
            };
            long packets = range(e.lifetimePackets(), 0L, 0, Long.MAX_VALUE, at + "/emulation/lifetimePackets");
            long bytes = range(e.lifetimeBytes(), 0L, 0, Long.MAX_VALUE, at + "/emulation/lifetimeBytes");
            emulation = new SaEmulation(iv, mode, packets, bytes, Boolean.TRUE.equals(e.allowConfidentialityOnly()));
        }
        SaDirection direction = Boolean.TRUE.equals(b.inbound()) ? SaDirection.INBOUND : SaDirection.OUTBOUND;
        try {
            return new SaParameters(direction, ipVersion, src, dst, encap, entries, emulation);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(at, e.getMessage());
        }
    }

    private static SecAssoc secAssoc(SaJson.SecAssoc s, String at) {
        if (s == null) {
            throw ApiException.invalidField(at, "secAssoc entry is null");
        }
        IpsecOperation op = operation(s.operation(), at + "/operation");
        long spi = range(s.spi(), null, 0, U32, at + "/spi");
        EncryptionAlgorithmInfo enc = EncryptionAlgorithmInfo.NONE;
        if (s.encryptionAlgorithm() != null) {
            SaJson.AlgorithmInfo a = s.encryptionAlgorithm();
            String p = at + "/encryptionAlgorithm";
            EncryptionAlgorithm id = a.identifier() == null ? null : EncryptionAlgorithm.fromNdisName(a.identifier())
                    .orElseThrow(() -> ApiException.invalidField(p + "/identifier", "unknown encryption algorithm '"
                            + a.identifier() + "' (expected one of " + names(EncryptionAlgorithm.values(),
                                    EncryptionAlgorithm::ndisName) + ")"));
            if (id == null) {
                throw ApiException.invalidField(p + "/identifier", "encryptionAlgorithm.identifier is required");
            }
            enc = new EncryptionAlgorithmInfo(id, (int) range(a.keyLength(), (long) id.keyLength(), 0, 1024,
                    p + "/keyLength"), (int) range(a.keyOffsetBytes(), 0L, 0, 65535, p + "/keyOffsetBytes"),
                    (int) range(a.additionalInfo(), id.isAead() ? 16L : 0L, 0, 255, p + "/additionalInfo"));
        }
        IntegrityAlgorithmInfo auth = null;
        if (s.authenticationAlgorithm() != null) {
            SaJson.AlgorithmInfo a = s.authenticationAlgorithm();
            String p = at + "/authenticationAlgorithm";
            IntegrityAlgorithm id = a.identifier() == null ? null : IntegrityAlgorithm.fromNdisName(a.identifier())
                    .orElseThrow(() -> ApiException.invalidField(p + "/identifier", "unknown authentication algorithm '"
                            + a.identifier() + "' (expected one of " + names(IntegrityAlgorithm.values(),
                                    IntegrityAlgorithm::ndisName) + ")"));
            if (id == null) {
                throw ApiException.invalidField(p + "/identifier", "authenticationAlgorithm.identifier is required");
            }
            auth = new IntegrityAlgorithmInfo(id, (int) range(a.keyLength(), (long) id.keyLength(), 0, 1024,
                    p + "/keyLength"), (int) range(a.keyOffsetBytes(), 0L, 0, 65535, p + "/keyOffsetBytes"),
                    (int) range(a.additionalInfo(), 0L, 0, 255, p + "/additionalInfo"));
        }
        boolean esn = Boolean.TRUE.equals(s.esn());
        long high = range(s.sequenceNumberHighOrder(), 0L, 0, U32, at + "/sequenceNumberHighOrder");
        return new SecAssoc(op, (int) spi, enc, auth, esn, (int) high);
    }

    private static IpsecOperation operation(String name, String pointer) {
        if (name == null) {
            throw ApiException.invalidField(pointer, "operation is required (IPsecOffloadV2Esp or IPsecOffloadV2Ah)");
        }
        return IpsecOperation.fromNdisName(name).orElseThrow(() -> ApiException.invalidField(pointer,
                "unknown operation '" + name + "' (expected IPsecOffloadV2Esp or IPsecOffloadV2Ah)"));
    }

    private static IpAddress address(String text, IpVersion version, String pointer) {
        if (text == null || text.isEmpty()) {
            return IpAddress.unspecified(version);
        }
        IpAddress a;
        try {
            a = IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(pointer, "'" + text + "' is not an IP address: " + e.getMessage());
        }
        if (a.version() != version) {
            throw ApiException.invalidField(pointer, "'" + text + "' is not an " + version + " address (ipVersion is "
                    + (version == IpVersion.IPV4 ? 4 : 6) + ")");
        }
        return a;
    }

    static byte[] keyData(String base64, String pointer) {
        if (base64 == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(pointer, "keyData is not valid base64: " + e.getMessage());
        }
    }

    /** An unsigned 64-bit decimal handle; "0" is allowed here (it names no SA and is reported so). */
    static long handle(String text, String pointer) {
        return handle(text, pointer, "");
    }

    /** As {@link #handle(String, String)} with the pointer {@code parent + child}, joined only on refusal. */
    static long handle(String text, String parent, String child) {
        if (text == null || text.isEmpty() || !allDigits(text)) {
            String pointer = parent + child;
            throw ApiException.invalidField(pointer, "handle '" + text + "' is not an unsigned 64-bit decimal number");
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(parent + child, "handle '" + text + "' is out of range (expected 0 to "
                    + Long.toUnsignedString(-1L) + ")");
        }
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code value}, or {@code fallback} when absent (null fallback: required), checked against [min, max]. */
    static long range(Long value, Long fallback, long min, long max, String pointer) {
        return range(value, fallback, min, max, pointer, "");
    }

    /**
     * As {@link #range(Long, Long, long, long, String)} with the pointer {@code parent + child}, joined only when
     * the value is refused: the send path checks several fields of every NBL, and the strings would cost more than
     * the checks.
     */
    static long range(Long value, Long fallback, long min, long max, String parent, String child) {
        if (value == null) {
            if (fallback == null) {
                String pointer = parent + child;
                throw ApiException.invalidField(pointer, field(pointer) + " is required");
            }
            return fallback;
        }
        if (value < min || value > max) {
            String pointer = parent + child;
            throw ApiException.invalidField(pointer, field(pointer) + ": " + value + " is out of range (expected "
                    + min + " to " + max + ")");
        }
        return value;
    }

    private static String field(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1);
    }

    private static <T> String names(T[] values, Function<T, String> name) {
        return String.join(", ", Arrays.stream(values).map(name).toList());
    }

    private static SaJson.BundleOutcome outcome(SaOutcome o) {
        if (o.succeeded()) {
            return new SaJson.BundleOutcome(Long.toUnsignedString(o.offloadHandle()), "NDIS_STATUS_SUCCESS", null,
                    null, null);
        }
        return new SaJson.BundleOutcome(Long.toUnsignedString(o.offloadHandle()), "NDIS_STATUS_FAILURE",
                o.refusal().reason().name(), o.refusal().message(), o.refusal().field());
    }

    private static SaJson.SaListItem view(SaView v) {
        SaParameters p = v.parameters();
        List<SaJson.SecAssocView> entries = new ArrayList<>();
        for (int i = 0; i < p.secAssoc().size(); i++) {
            SecAssoc s = p.secAssoc().get(i);
            SequenceStateView seq = v.sequence().get(i);
            entries.add(new SaJson.SecAssocView(s.operation().ndisName(), s.spiUnsigned(),
                    s.encryptionAlgorithm() == null ? null : new SaJson.AlgorithmView(
                            s.encryptionAlgorithm().identifier().ndisName(), s.encryptionAlgorithm().keyLength(),
                            s.encryptionAlgorithm().additionalInfo()),
                    s.authenticationAlgorithm() == null ? null : new SaJson.AlgorithmView(
                            s.authenticationAlgorithm().identifier().ndisName(), s.authenticationAlgorithm().keyLength(),
                            s.authenticationAlgorithm().additionalInfo()),
                    s.esn(), seq.sequenceNumberHighOrder(), seq.highestSequenceNumber()));
        }
        SaEmulation e = p.emulation();
        return new SaJson.SaListItem(Long.toUnsignedString(v.offloadHandle()), p.direction() == SaDirection.INBOUND,
                p.ipVersion() == IpVersion.IPV4 ? 4 : 6, p.sourceAddress().toString(), p.destinationAddress().toString(),
                new SaJson.UdpEspView(p.udpEspEncapsulation().type().ndisName(), p.udpEspEncapsulation().sourcePort(),
                        p.udpEspEncapsulation().destinationPort()), entries,
                new SaJson.EmulationView(e.ivSource().name().toLowerCase(Locale.ROOT),
                        e.mode() == null ? null : e.mode().name().toLowerCase(Locale.ROOT), e.lifetimePackets(),
                        e.lifetimeBytes(), e.allowConfidentialityOnly()), v.packets(), v.bytes(), v.saDeleteReq());
    }
}
