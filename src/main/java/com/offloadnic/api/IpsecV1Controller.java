package com.offloadnic.api;

import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.ipsec.AddSaV1;
import com.offloadnic.ipsec.IpAddress;
import com.offloadnic.ipsec.IpVersion;
import com.offloadnic.ipsec.IpsecOperation;
import com.offloadnic.ipsec.IpsecV1Sas;
import com.offloadnic.ipsec.IvSource;
import com.offloadnic.ipsec.SaEmulation;
import com.offloadnic.ipsec.SaDirection;
import com.offloadnic.ipsec.SaEntry;
import com.offloadnic.ipsec.SaOidResult;
import com.offloadnic.ipsec.SaOutcome;
import com.offloadnic.ipsec.SecAssoc;
import com.offloadnic.ipsec.TrafficSelector;
import com.offloadnic.ipsec.V1ConfAlgorithm;
import com.offloadnic.ipsec.V1IntegrityAlgorithm;
import com.offloadnic.ipsec.V1SecAssoc;
import com.offloadnic.ipsec.V1UdpEspEntry;
import com.offloadnic.lso.LsoRequest;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicException;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.tenant.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The IPsec offload v1 OIDs of NDIS 6.0 NICs (SPEC section 8) over HTTP, translated field for field onto
 * {@link AddSaV1}; the NIC decides. Malformed requests are 400 problems naming the field and add nothing; a
 * well-formed SA the current configuration refuses is an NDIS outcome (NDIS_STATUS_FAILURE, handle "0", reason).
 * On an NDIS 6.1+ NIC every v1 OID is a 409 wrong-profile problem.
 */
@RestController
class IpsecV1Controller {

    private static final long U32 = 0xFFFF_FFFFL;

    private final NicRegistry nics;

    IpsecV1Controller(NicRegistry nics) {
        this.nics = nics;
    }

    @PostMapping(path = "/v1/nics/{nicId}/oids/tcp-task-ipsec-add-sa", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    IpsecV1Json.AddSaResponse addSa(Tenant tenant, @PathVariable String nicId, @RequestBody IpsecV1Json.AddSa body) {
        Nic nic = NicController.find(nics, tenant, nicId);
        nic.ipsecV1();
        if (body != null && (body.encapTypeEntry() != null || body.encapTypeEntryOffldHandle() != null)) {
            String member = body.encapTypeEntry() != null ? "encapTypeEntry" : "encapTypeEntryOffldHandle";
            throw ApiException.invalidField("/" + member, member + " belongs to OFFLOAD_IPSEC_ADD_UDPESP_SA"
                    + " (POST .../oids/tcp-task-ipsec-add-udpesp-sa), not OFFLOAD_IPSEC_ADD_SA");
        }
        return add(tenant, nic, body, false);
    }

    @PostMapping(path = "/v1/nics/{nicId}/oids/tcp-task-ipsec-add-udpesp-sa",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    IpsecV1Json.AddSaResponse addUdpEspSa(Tenant tenant, @PathVariable String nicId,
            @RequestBody IpsecV1Json.AddSa body) {
        Nic nic = NicController.find(nics, tenant, nicId);
        nic.ipsecV1();
        return add(tenant, nic, body, true);
    }

    @PostMapping(path = "/v1/nics/{nicId}/oids/tcp-task-ipsec-delete-sa",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    IpsecV1Json.DeleteSaResponse deleteSa(Tenant tenant, @PathVariable String nicId,
            @RequestBody IpsecV1Json.DeleteSa body) {
        Nic nic = NicController.find(nics, tenant, nicId);
        nic.ipsecV1();
        if (body == null || body.offloadHandle() == null) {
            throw ApiException.invalidField("/offloadHandle", "offloadHandle is required");
        }
        if (body.encapTypeEntryOffldHandle() != null) {
            throw ApiException.invalidField("/encapTypeEntryOffldHandle", "encapTypeEntryOffldHandle belongs to"
                    + " OFFLOAD_IPSEC_DELETE_UDPESP_SA (POST .../oids/tcp-task-ipsec-delete-udpesp-sa)");
        }
        return deleted(nic.deleteSaV1(SaOidController.handle(body.offloadHandle(), "/offloadHandle")));
    }

    @PostMapping(path = "/v1/nics/{nicId}/oids/tcp-task-ipsec-delete-udpesp-sa",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    IpsecV1Json.DeleteSaResponse deleteUdpEspSa(Tenant tenant, @PathVariable String nicId,
            @RequestBody IpsecV1Json.DeleteSa body) {
        Nic nic = NicController.find(nics, tenant, nicId);
        nic.ipsecV1();
        if (body == null || body.offloadHandle() == null) {
            throw ApiException.invalidField("/offloadHandle", "offloadHandle is required");
        }
        long handle = SaOidController.handle(body.offloadHandle(), "/offloadHandle");
        long parser = body.encapTypeEntryOffldHandle() == null ? 0
                : SaOidController.handle(body.encapTypeEntryOffldHandle(), "/encapTypeEntryOffldHandle");
        return deleted(nic.deleteUdpEspSaV1(handle, parser));
    }

    @GetMapping(path = "/v1/nics/{nicId}/v1-security-associations", produces = MediaType.APPLICATION_JSON_VALUE)
    IpsecV1Json.SaList list(Tenant tenant, @PathVariable String nicId) {
        Nic nic = NicController.find(nics, tenant, nicId);
        nic.ipsecV1();
        List<IpsecV1Json.SaView> sas = new ArrayList<>();
        for (com.offloadnic.ipsec.SaView v : nic.saTable().list()) {
            SaEntry e = nic.saTable().get(v.offloadHandle());
            if (e != null && e.selector() != null) {
                sas.add(view(v, e.selector()));
            }
        }
        List<IpsecV1Json.ParserEntryView> parsers = nic.ipsecV1Sas().parserEntries().stream()
                .map(p -> new IpsecV1Json.ParserEntryView(Long.toUnsignedString(p.handle()), p.entry().type().name(),
                        p.entry().dstEncapPort())).toList();
        return new IpsecV1Json.SaList(sas, parsers);
    }

    /**
     * The v1 NBL of a send request to an NDIS 6.0 NIC: {@code ipsecOffloadV1} gives the handles; the v2 members do
     * not exist in this profile (409 naming the member).
     */
    static Nic.NblV1 nblV1(Nic nic, SendJson.NetBufferList l, List<byte[]> frames, boolean ipChecksum,
            LsoRequest lso, String at) {
        String v2 = l.ipsecOffloadV2() != null ? "ipsecOffloadV2" : l.ipsecOffloadV2Tunnel() != null
                ? "ipsecOffloadV2Tunnel" : l.ipsecOffloadV2Header() != null ? "ipsecOffloadV2Header" : null;
        if (v2 != null) {
            throw new NicException(NicException.Kind.WRONG_PROFILE, at + "/" + v2, "NIC " + nic.nicId() + " has the NDIS 6.0 profile, which uses"
                    + " IPsec offload version 1: " + v2 + " does not exist there; use ipsecOffloadV1 (offloadHandle,"
                    + " nextOffloadHandle)");
        }
        long offload = 0;
        long next = 0;
        if (l.ipsecOffloadV1() != null) {
            SendJson.IpsecOffloadV1 i = l.ipsecOffloadV1();
            offload = i.offloadHandle() == null ? 0
                    : SaOidController.handle(i.offloadHandle(), at + "/ipsecOffloadV1/offloadHandle");
            next = i.nextOffloadHandle() == null ? 0
                    : SaOidController.handle(i.nextOffloadHandle(), at + "/ipsecOffloadV1/nextOffloadHandle");
        }
        return new Nic.NblV1(frames, offload, next, ipChecksum, lso);
    }

    // ---- translation ----

    private IpsecV1Json.AddSaResponse add(Tenant tenant, Nic nic, IpsecV1Json.AddSa body, boolean udpEsp) {
        if (body == null) {
            throw ApiException.invalidField("", "the OFFLOAD_IPSEC_ADD" + (udpEsp ? "_UDPESP" : "") + "_SA body is"
                    + " required");
        }
        SaDirection direction = direction(body.flags());
        TrafficSelector selector;
        try {
            selector = new TrafficSelector(address(body.srcAddr(), "/srcAddr"), address(body.srcMask(), "/srcMask"),
                    address(body.destAddr(), "/destAddr"), address(body.destMask(), "/destMask"),
                    (int) SaOidController.range(body.protocol(), 0L, 0, 255, "/protocol"),
                    (int) SaOidController.range(body.srcPort(), 0L, 0, 65535, "/srcPort"),
                    (int) SaOidController.range(body.destPort(), 0L, 0, 65535, "/destPort"),
                    address(body.srcTunnelAddr(), "/srcTunnelAddr"), address(body.destTunnelAddr(), "/destTunnelAddr"));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("/" + e.getMessage().substring(0, e.getMessage().indexOf(' ')),
                    e.getMessage());
        }
        if (body.secAssoc() == null || body.secAssoc().isEmpty() || body.secAssoc().size() > 2) {
            throw ApiException.invalidField("/secAssoc", "secAssoc must have 1 or 2 entries (ENCRYPT, AUTHENTICATE,"
                    + " or ENCRYPT followed by AUTHENTICATE), got " + (body.secAssoc() == null ? 0
                            : body.secAssoc().size()));
        }
        List<V1SecAssoc> entries = new ArrayList<>();
        for (int i = 0; i < body.secAssoc().size(); i++) {
            entries.add(secAssoc(body.secAssoc().get(i), "/secAssoc/" + i));
        }
        V1UdpEspEntry encap = null;
        long parser = 0;
        if (udpEsp) {
            IpsecV1Json.EncapTypeEntry e = body.encapTypeEntry();
            if (e == null) {
                throw ApiException.invalidField("/encapTypeEntry", "encapTypeEntry is required");
            }
            V1UdpEspEntry.Type type = enumValue(V1UdpEspEntry.Type.values(), e.udpEncapType(),
                    "/encapTypeEntry/udpEncapType");
            int port = (int) SaOidController.range(e.dstEncapPort(), 4500L, 0, 65535, "/encapTypeEntry/dstEncapPort");
            encap = new V1UdpEspEntry(type, port);
            parser = body.encapTypeEntryOffldHandle() == null ? 0
                    : SaOidController.handle(body.encapTypeEntryOffldHandle(), "/encapTypeEntryOffldHandle");
        }
        SaEmulation emulation = SaEmulation.DEFAULT;
        if (body.emulation() != null) {
            emulation = new SaEmulation(IvSource.GENERATE, null,
                    SaOidController.range(body.emulation().lifetimePackets(), 0L, 0, Long.MAX_VALUE,
                            "/emulation/lifetimePackets"),
                    SaOidController.range(body.emulation().lifetimeBytes(), 0L, 0, Long.MAX_VALUE,
                            "/emulation/lifetimeBytes"));
        }
        byte[] keys = keyMat(body.keyMat());
        AddSaV1 request;
        try {
            request = new AddSaV1(direction, selector, entries, SecretBytes.copyOf(keys), encap, parser, emulation);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("/keyMat", e.getMessage());
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
        int max = tenant.quotas().maxSecurityAssociations();
        int held = nics.list(tenant.tenantId()).stream().mapToInt(n -> n.saTable().size()).sum();
        if (held + 1 > max) {
            request.keyMat().destroy();
            throw ApiException.quotaExceeded("maxSecurityAssociations", "the tenant holds " + held + " SAs; its"
                    + " quota maxSecurityAssociations is " + max, Duration.ofSeconds(1));
        }
        IpsecV1Sas.AddOutcome o = nic.addSaV1(request);
        String parserHandle = udpEsp && direction == SaDirection.INBOUND && o.refusal() == null
                ? Long.toUnsignedString(o.encapTypeEntryOffldHandle()) : null;
        if (o.refusal() == null) {
            return new IpsecV1Json.AddSaResponse(o.status().ndisName(), Long.toUnsignedString(o.offloadHandle()),
                    parserHandle, null, null, null);
        }
        return new IpsecV1Json.AddSaResponse(o.status().ndisName(), "0", null, o.refusal().reason().name(),
                o.refusal().message(), o.refusal().field());
    }

    private static IpsecV1Json.DeleteSaResponse deleted(SaOidResult result) {
        SaOutcome o = result.outcomes().get(0);
        return o.refusal() == null ? new IpsecV1Json.DeleteSaResponse(result.status().ndisName(), null, null)
                : new IpsecV1Json.DeleteSaResponse(result.status().ndisName(), o.refusal().reason().name(),
                        o.refusal().message());
    }

    private static SaDirection direction(String flags) {
        if (flags == null) {
            throw ApiException.invalidField("/flags", "flags is required (OFFLOAD_INBOUND_SA or OFFLOAD_OUTBOUND_SA)");
        }
        return switch (flags) {
            case "OFFLOAD_INBOUND_SA" -> SaDirection.INBOUND;
            case "OFFLOAD_OUTBOUND_SA" -> SaDirection.OUTBOUND;
            default -> throw ApiException.invalidField("/flags", "unknown flags '" + flags
                    + "' (expected OFFLOAD_INBOUND_SA or OFFLOAD_OUTBOUND_SA)");
        };
    }

    private static V1SecAssoc secAssoc(IpsecV1Json.SecAssoc s, String at) {
        if (s == null) {
            throw ApiException.invalidField(at, "secAssoc entry is null");
        }
        if (s.operation() == null) {
            throw ApiException.invalidField(at + "/operation", "operation is required (ENCRYPT or AUTHENTICATE)");
        }
        IpsecOperation op = switch (s.operation()) {
            case "ENCRYPT" -> IpsecOperation.ESP;
            case "AUTHENTICATE" -> IpsecOperation.AH;
            default -> throw ApiException.invalidField(at + "/operation", "unknown operation '" + s.operation()
                    + "' (expected ENCRYPT or AUTHENTICATE)");
        };
        long spi = SaOidController.range(s.spi(), null, 0, U32, at + "/spi");
        V1ConfAlgorithm conf = V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_NONE;
        int confLength = 0;
        if (s.confAlgo() != null) {
            conf = s.confAlgo().algoIdentifier() == null ? conf : enumValue(V1ConfAlgorithm.values(),
                    s.confAlgo().algoIdentifier(), at + "/confAlgo/algoIdentifier");
            confLength = (int) SaOidController.range(s.confAlgo().algoKeylen(), 0L, 0, 64, at + "/confAlgo/algoKeylen");
            SaOidController.range(s.confAlgo().algoRounds(), 0L, 0, 0, at + "/confAlgo/algoRounds");
        }
        V1IntegrityAlgorithm integrity = V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_NONE;
        int integrityLength = 0;
        if (s.integrityAlgo() != null) {
            integrity = s.integrityAlgo().algoIdentifier() == null ? integrity : enumValue(
                    V1IntegrityAlgorithm.values(), s.integrityAlgo().algoIdentifier(), at + "/integrityAlgo/algoIdentifier");
            integrityLength = (int) SaOidController.range(s.integrityAlgo().algoKeylen(), 0L, 0, 64,
                    at + "/integrityAlgo/algoKeylen");
            SaOidController.range(s.integrityAlgo().algoRounds(), 0L, 0, 0, at + "/integrityAlgo/algoRounds");
        }
        return new V1SecAssoc(op, (int) spi, conf, confLength, integrity, integrityLength);
    }

    private static <E extends Enum<E>> E enumValue(E[] values, String name, String pointer) {
        for (E e : values) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw ApiException.invalidField(pointer, "unknown value '" + name + "' (expected one of "
                + String.join(", ", Arrays.stream(values).map(Enum::name).toList()) + ")");
    }

    private static IpAddress address(String text, String pointer) {
        if (text == null || text.isEmpty()) {
            return IpAddress.IPV4_UNSPECIFIED;
        }
        IpAddress a;
        try {
            a = IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(pointer, "'" + text + "' is not an IP address: " + e.getMessage());
        }
        if (a.version() != IpVersion.IPV4) {
            throw ApiException.invalidField(pointer, "'" + text + "' is not IPv4 (IPsec offload v1 is IPv4 only)");
        }
        return a;
    }

    private static byte[] keyMat(String base64) {
        if (base64 == null) {
            return new byte[0];
        }
        try {
            return java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("/keyMat", "keyMat is not valid base64: " + e.getMessage());
        }
    }

    private static IpsecV1Json.SaView view(com.offloadnic.ipsec.SaView v, TrafficSelector s) {
        List<IpsecV1Json.SecAssocView> entries = new ArrayList<>();
        for (SecAssoc e : v.parameters().secAssoc()) {
            IpsecV1Json.AlgoView integrity = e.authenticationAlgorithm() == null
                    ? new IpsecV1Json.AlgoView(V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_NONE.name(), 0)
                    : new IpsecV1Json.AlgoView(v1Name(e.authenticationAlgorithm().identifier()),
                            e.authenticationAlgorithm().keyLength());
            IpsecV1Json.AlgoView conf = new IpsecV1Json.AlgoView(v1Name(e.encryptionAlgorithm().identifier()),
                    e.encryptionAlgorithm().keyLength());
            entries.add(new IpsecV1Json.SecAssocView(e.operation() == IpsecOperation.ESP ? "ENCRYPT" : "AUTHENTICATE",
                    e.spiUnsigned(), integrity, conf));
        }
        String udp = v.parameters().udpEspEncapsulation().isNone() ? null
                : V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_OTHER.name();
        return new IpsecV1Json.SaView(Long.toUnsignedString(v.offloadHandle()),
                v.parameters().direction() == SaDirection.INBOUND ? "OFFLOAD_INBOUND_SA" : "OFFLOAD_OUTBOUND_SA",
                s.srcAddr().toString(), s.srcMask().toString(), s.destAddr().toString(), s.destMask().toString(),
                s.protocol(), s.srcPort(), s.destPort(), s.srcTunnelAddr().toString(), s.destTunnelAddr().toString(),
                entries, udp, v.packets(), v.bytes(), v.saDeleteReq());
    }

    private static String v1Name(com.offloadnic.crypto.EncryptionAlgorithm a) {
        for (V1ConfAlgorithm c : V1ConfAlgorithm.values()) {
            if (c.algorithm() == a) {
                return c.name();
            }
        }
        return Objects.toString(a);
    }

    private static String v1Name(com.offloadnic.crypto.IntegrityAlgorithm a) {
        for (V1IntegrityAlgorithm c : V1IntegrityAlgorithm.values()) {
            if (c.algorithm() == a) {
                return c.name();
            }
        }
        return Objects.toString(a);
    }
}
