package com.offloadnic.api;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.PoolSaturatedException;
import com.offloadnic.ipsec.IpsecV2Sender;
import com.offloadnic.ipsec.SendHeaderInfo;
import com.offloadnic.lso.ChecksumRequest;
import com.offloadnic.lso.LsoRequest;
import com.offloadnic.lso.LsoType;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.nic.TransmitCapture;
import com.offloadnic.nic.TransmitPath;
import com.offloadnic.tenant.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The send side of a NIC over HTTP: NET_BUFFER_LISTs in, one NDIS completion per NBL out (per-packet problems
 * are completions, never HTTP errors), and the NIC's wire as a downloadable pcap.
 */
@RestController
class SendController {

    private final NicRegistry nics;
    private final CryptoPool pool;

    SendController(NicRegistry nics, CryptoPool pool) {
        this.nics = nics;
        this.pool = pool;
    }

    @PostMapping(path = "/v1/nics/{nicId}/send",
            consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_CBOR_VALUE},
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_CBOR_VALUE})
    SendJson.SendResponse send(Tenant tenant, @PathVariable String nicId, @RequestBody SendJson.SendRequest request) {
        Nic nic = NicController.find(nics, tenant, nicId);
        if (request == null || request.netBufferLists() == null) {
            throw ApiException.invalidField("/netBufferLists", "netBufferLists is required");
        }
        int frameCount = 0;
        List<TransmitPath.Request> nbls = new ArrayList<>(request.netBufferLists().size());
        List<Nic.NblV1> v1 = new ArrayList<>(request.netBufferLists().size());
        for (int i = 0; i < request.netBufferLists().size(); i++) {
            SendJson.NetBufferList l = request.netBufferLists().get(i);
            String at = "/netBufferLists/" + i;
            if (l == null) {
                throw ApiException.invalidField(at, "netBufferLists[" + i + "] is null");
            }
            if (l.netBuffers() == null) {
                throw ApiException.invalidField(at + "/netBuffers", "netBuffers is required");
            }
            frameCount += l.netBuffers().size();
            int max = tenant.quotas().maxFramesPerRequest();
            if (frameCount > max) {
                throw ApiException.quotaExceeded("maxFramesPerRequest", "more than " + max + " NET_BUFFERs in one"
                        + " request; the tenant's quota maxFramesPerRequest is " + max, Duration.ofSeconds(1));
            }
            List<byte[]> frames = new ArrayList<>(l.netBuffers().size());
            for (int j = 0; j < l.netBuffers().size(); j++) {
                SendJson.NetBuffer nb = l.netBuffers().get(j);
                if (nb == null || nb.data() == null) {
                    throw ApiException.invalidField(at + "/netBuffers/" + j + "/data", "data is required");
                }
                byte[] data = nb.data();
                if (data.length > ReceiveController.MAX_FRAME_LENGTH) {
                    throw ApiException.invalidField(at + "/netBuffers/" + j + "/data", "the frame is " + data.length
                            + " bytes (expected at most " + ReceiveController.MAX_FRAME_LENGTH + ")");
                }
                frames.add(data);
            }
            long offload = l.ipsecOffloadV2() == null || l.ipsecOffloadV2().offloadHandle() == null ? 0
                    : SaOidController.handle(l.ipsecOffloadV2().offloadHandle(), at, "/ipsecOffloadV2/offloadHandle");
            long tunnel = l.ipsecOffloadV2Tunnel() == null || l.ipsecOffloadV2Tunnel().tunnelHandle() == null ? 0
                    : SaOidController.handle(l.ipsecOffloadV2Tunnel().tunnelHandle(), at,
                            "/ipsecOffloadV2Tunnel/tunnelHandle");
            SendHeaderInfo info = SendHeaderInfo.NONE;
            if (l.ipsecOffloadV2Header() != null) {
                SendJson.IpsecOffloadV2Header h = l.ipsecOffloadV2Header();
                info = new SendHeaderInfo(
                        (int) SaOidController.range(h.nextHeader(), 0L, 0, 255, at, "/ipsecOffloadV2Header/nextHeader"),
                        (int) SaOidController.range(h.padLength(), 0L, 0, 255, at, "/ipsecOffloadV2Header/padLength"),
                        (int) SaOidController.range(h.ahHeaderOffset(), 0L, 0, 255, at,
                                "/ipsecOffloadV2Header/ahHeaderOffset"),
                        (int) SaOidController.range(h.espHeaderOffset(), 0L, 0, 255, at,
                                "/ipsecOffloadV2Header/espHeaderOffset"));
            }
            boolean ipChecksum = l.tcpIpChecksum() != null && Boolean.TRUE.equals(l.tcpIpChecksum().ipHeaderChecksum());
            LsoRequest lso = lso(l.tcpLargeSendOffload(), at + "/tcpLargeSendOffload");
            nbls.add(new TransmitPath.Request(new IpsecV2Sender.Nbl(frames, offload, tunnel, info, ipChecksum), lso,
                    checksum(l.tcpIpChecksum(), at + "/tcpIpChecksum")));
            if (nic.ndisVersion().isIpsecV1()) {
                v1.add(IpsecV1Controller.nblV1(nic, l, frames, ipChecksum, lso, at));
            } else if (l.ipsecOffloadV1() != null) {
                throw new com.offloadnic.nic.NicException(com.offloadnic.nic.NicException.Kind.WRONG_PROFILE,
                        at + "/ipsecOffloadV1", "NIC " + nic.nicId() + " has the NDIS "
                        + nic.ndisVersion().label() + " profile, which uses IPsec offload version 2: ipsecOffloadV1"
                        + " (IPsecOffloadV1NetBufferListInfo) exists only on NDIS 6.0 NICs; use ipsecOffloadV2");
            }
        }
        if (nic.ndisVersion().isIpsecV1()) {
            List<TransmitPath.Completion> done;
            try {
                done = nic.sendV1(v1, pool);
            } catch (PoolSaturatedException e) {
                throw ReceiveController.poolSaturated(e);
            }
            boolean returnFrames = Boolean.TRUE.equals(request.returnFrames());
            return new SendJson.SendResponse(done.stream().map(c -> completion(c, returnFrames)).toList());
        }
        if (nic.currentConfig().ipsecOffloadV2() == null && nbls.stream().anyMatch(
                n -> n.nbl().offloadHandle() != 0 || n.nbl().tunnelHandle() != 0)) {
            nic.ipsecV2(); // the NDIS 6.0 profile has IPsec offload v1 NBL info, not v2: 409 wrong-profile
        }
        List<TransmitPath.Completion> completions;
        try {
            completions = nic.send(nbls, pool);
        } catch (PoolSaturatedException e) {
            throw ReceiveController.poolSaturated(e);
        }
        boolean returnFrames = Boolean.TRUE.equals(request.returnFrames());
        return new SendJson.SendResponse(completions.stream().map(c -> completion(c, returnFrames)).toList());
    }

    private static ChecksumRequest checksum(SendJson.TcpIpChecksum c, String at) {
        if (c == null) {
            return null;
        }
        if (Boolean.TRUE.equals(c.isIPv4()) && Boolean.TRUE.equals(c.isIPv6())) {
            throw ApiException.invalidField(at + "/isIPv6", "isIPv4 and isIPv6 are both set");
        }
        int tcpHeaderOffset = (int) SaOidController.range(c.tcpHeaderOffset() == null ? null : c.tcpHeaderOffset().longValue(),
                0L, 0, ReceiveController.MAX_FRAME_LENGTH, at + "/tcpHeaderOffset");
        return new ChecksumRequest(Boolean.TRUE.equals(c.isIPv4()), Boolean.TRUE.equals(c.isIPv6()),
                Boolean.TRUE.equals(c.ipHeaderChecksum()), Boolean.TRUE.equals(c.tcpChecksum()),
                Boolean.TRUE.equals(c.udpChecksum()), tcpHeaderOffset);
    }

    private static SendJson.Completion completion(TransmitPath.Completion c, boolean returnFrames) {
        List<SendJson.Transmitted> frames = c.transmitted().stream().map(f -> new SendJson.Transmitted(
                unsigned(f.espSequenceNumber()), unsigned(f.ahSequenceNumber()), f.iv(),
                unsigned(f.tunnelEspSequenceNumber()), unsigned(f.tunnelAhSequenceNumber()), f.tunnelIv(),
                returnFrames ? f.data() : null)).toList();
        SendJson.LsoCompletion lso = c.lsoType() == null ? null : new SendJson.LsoCompletion(LSO_TYPES[c.lsoType().ordinal()],
                c.lsoType() == LsoType.V1 ? c.tcpPayload() : null);
        return new SendJson.Completion(c.status().ndisName(), c.reason() == null ? null : c.reason().code(),
                c.detail(), frames, lso);
    }

    private static final String[] LSO_TYPES = {"NDIS_TCP_LARGE_SEND_OFFLOAD_V1_TYPE",
        "NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE"};

    private static LsoRequest lso(SendJson.TcpLargeSendOffload l, String at) {
        if (l == null) {
            return null;
        }
        LsoType type;
        if (LSO_TYPES[0].equals(l.type())) {
            type = LsoType.V1;
        } else if (LSO_TYPES[1].equals(l.type())) {
            type = LsoType.V2;
        } else {
            throw ApiException.invalidField(at + "/type", "type is '" + l.type() + "' (expected " + LSO_TYPES[0]
                    + " or " + LSO_TYPES[1] + ")");
        }
        int mss = (int) SaOidController.range(l.mss(), null, 1, 65535, at + "/mss");
        int offset = (int) SaOidController.range(l.tcpHeaderOffset(), null, 14, 1023, at + "/tcpHeaderOffset");
        int version = (int) SaOidController.range(l.ipVersion(), type == LsoType.V1 ? 4L : null, 4, 6,
                at + "/ipVersion");
        if (version == 5) {
            throw ApiException.invalidField(at + "/ipVersion", "ipVersion is 5 (expected 4 or 6)");
        }
        if (type == LsoType.V1 && version != 4) {
            throw ApiException.invalidField(at + "/ipVersion", "LSOv1 is IPv4 only");
        }
        return new LsoRequest(type, mss, offset, type == LsoType.V1 ? 0 : version);
    }

    private static BigInteger unsigned(Long v) {
        if (v == null) {
            return null;
        }
        return v >= 0 ? BigInteger.valueOf(v) : new BigInteger(Long.toUnsignedString(v));
    }

    @GetMapping(path = "/v1/nics/{nicId}/capture.pcap", produces = ReceiveController.PCAP_MEDIA_TYPE)
    ResponseEntity<byte[]> capturePcap(Tenant tenant, @PathVariable String nicId) {
        Nic nic = NicController.find(nics, tenant, nicId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            nic.transmitPath().capture().writePcap(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + nic.nicId() + "-tx.pcap\"")
                .contentType(MediaType.parseMediaType(ReceiveController.PCAP_MEDIA_TYPE))
                .body(out.toByteArray());
    }

    @GetMapping(path = "/v1/nics/{nicId}/capture", produces = MediaType.APPLICATION_JSON_VALUE)
    SendJson.CaptureInfo capture(Tenant tenant, @PathVariable String nicId) {
        return info(NicController.find(nics, tenant, nicId).transmitPath().capture());
    }

    @PutMapping(path = "/v1/nics/{nicId}/capture", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    SendJson.CaptureInfo configureCapture(Tenant tenant, @PathVariable String nicId,
            @RequestBody SendJson.CaptureSettings settings) {
        Nic nic = NicController.find(nics, tenant, nicId);
        if (settings == null || settings.capacity() == null) {
            throw ApiException.invalidField("/capacity", "capacity is required");
        }
        int capacity = settings.capacity();
        if (capacity < 1 || capacity > TransmitCapture.MAX_CAPACITY) {
            throw ApiException.invalidField("/capacity", "capacity: " + capacity + " is out of range (expected 1 to "
                    + TransmitCapture.MAX_CAPACITY + ")");
        }
        nic.transmitPath().capture().resize(capacity);
        return info(nic.transmitPath().capture());
    }

    @DeleteMapping("/v1/nics/{nicId}/capture")
    ResponseEntity<Void> clearCapture(Tenant tenant, @PathVariable String nicId) {
        NicController.find(nics, tenant, nicId).transmitPath().capture().clear();
        return ResponseEntity.noContent().build();
    }

    private static SendJson.CaptureInfo info(TransmitCapture c) {
        return new SendJson.CaptureInfo(c.capacity(), c.size(), c.captured(), c.overwritten());
    }
}
