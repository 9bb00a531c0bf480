package com.offloadnic.api;

import com.offloadnic.api.ReceiveJson.LinkRequest;
import com.offloadnic.api.ReceiveJson.LinkResponse;
import com.offloadnic.api.ReceiveJson.ReceiveIndicationPoll;
import com.offloadnic.api.ReceiveJson.ReceiveRequest;
import com.offloadnic.api.ReceiveJson.ReceiveResponse;
import com.offloadnic.api.ReceiveJson.StatisticsResponse;
import com.offloadnic.config.OffloadNicProperties;
import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.PoolSaturatedException;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicLinks;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.nic.ReceivePath;
import com.offloadnic.packet.PacketFormatException;
import com.offloadnic.packet.PcapReader;
import com.offloadnic.packet.PcapRecord;
import com.offloadnic.tenant.Tenant;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The receive side of a NIC over HTTP: frames arrive as JSON or as a pcap upload, indications are long-polled
 * with a cursor, two NICs of a tenant are linked wire to wire, and receive statistics are read.
 */
@RestController
class ReceiveController {

    static final String PCAP_MEDIA_TYPE = "application/vnd.tcpdump.pcap";
    /** The largest IP packet plus an Ethernet header with two VLAN tags. */
    static final int MAX_FRAME_LENGTH = 65_535 + 14 + 8;
    static final int DEFAULT_MAX_INDICATIONS = 100;

    private final NicRegistry nics;
    private final CryptoPool pool;
    private final OffloadNicProperties.Limits limits;

    ReceiveController(NicRegistry nics, CryptoPool pool, OffloadNicProperties properties) {
        this.nics = nics;
        this.pool = pool;
        this.limits = properties.limits();
    }

    @PostMapping(path = "/v1/nics/{nicId}/receive",
            consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_CBOR_VALUE},
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_CBOR_VALUE})
    ResponseEntity<ReceiveResponse> receive(Tenant tenant, @PathVariable String nicId,
            @RequestBody ReceiveRequest request) {
        Nic nic = NicController.find(nics, tenant, nicId);
        if (request == null || request.frames() == null) {
            throw ApiException.invalidField("/frames", "frames is required");
        }
        checkFrameCount(tenant, request.frames().size(), "/frames");
        List<byte[]> frames = new ArrayList<>(request.frames().size());
        for (int i = 0; i < request.frames().size(); i++) {
            ReceiveJson.Frame f = request.frames().get(i);
            String pointer = "/frames/" + i + "/data";
            if (f == null || f.data() == null) {
                throw ApiException.invalidField(pointer, "frames[" + i + "].data is required");
            }
            byte[] data = f.data();
            checkFrameLength(data.length, pointer, "frames[" + i + "].data");
            frames.add(data);
        }
        return admit(nic, frames);
    }

    @PostMapping(path = "/v1/nics/{nicId}/receive/pcap", consumes = PCAP_MEDIA_TYPE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_CBOR_VALUE})
    ResponseEntity<ReceiveResponse> receivePcap(Tenant tenant, @PathVariable String nicId,
            @RequestBody(required = false) byte[] body) {
        Nic nic = NicController.find(nics, tenant, nicId);
        List<PcapRecord> records;
        try {
            records = PcapReader.readAll(body == null ? new byte[0] : body);
        } catch (PacketFormatException | UncheckedIOException e) {
            throw ApiException.invalidField("", "not a usable pcap file: " + e.getMessage());
        }
        checkFrameCount(tenant, records.size(), "");
        List<byte[]> frames = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            byte[] data = records.get(i).data();
            checkFrameLength(data.length, "", "pcap record " + (i + 1));
            frames.add(data);
        }
        return admit(nic, frames);
    }

    private static void checkFrameCount(Tenant tenant, int count, String pointer) {
        int max = tenant.quotas().maxFramesPerRequest();
        if (count > max) {
            throw ApiException.quotaExceeded("maxFramesPerRequest", count + " frames in one request; the tenant's"
                    + " quota maxFramesPerRequest is " + max, Duration.ofSeconds(1));
        }
    }

    private static void checkFrameLength(int length, String pointer, String what) {
        if (length > MAX_FRAME_LENGTH) {
            throw ApiException.invalidField(pointer, what + " is " + length + " bytes (expected at most "
                    + MAX_FRAME_LENGTH + ")");
        }
    }

    private ResponseEntity<ReceiveResponse> admit(Nic nic, List<byte[]> frames) {
        ReceivePath.Admission admission = nic.receive(frames, pool);
        PoolSaturatedException refusal = admission.refusal();
        if (refusal == null) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(new ReceiveResponse(admission.accepted(), admission.droppedRingFull(), null));
        }
        if (admission.accepted() == 0 && admission.droppedRingFull() == 0) {
            throw poolSaturated(refusal);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(refusal.retryAfter()))
                .body(new ReceiveResponse(admission.accepted(), admission.droppedRingFull(),
                        admission.refused(frames.size())));
    }

    /** 429 when the tenant is over its share of the crypto pool, 503 when the pool as a whole is full. */
    static ApiException poolSaturated(PoolSaturatedException e) {
        return e.bound() == PoolSaturatedException.Bound.TENANT_SHARE
                ? ApiException.quotaExceeded("cryptoPoolShare", e.getMessage(), e.retryAfter())
                : ApiException.poolSaturated(e.getMessage(), e.retryAfter());
    }

    private static String retryAfterSeconds(Duration d) {
        return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
    }

    @GetMapping(path = "/v1/nics/{nicId}/receive-indications",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_CBOR_VALUE})
    ReceiveIndicationPoll poll(Tenant tenant, @PathVariable String nicId,
            @RequestParam(defaultValue = "0") long cursor,
            @RequestParam(defaultValue = "0") long timeoutMs,
            @RequestParam(required = false) Integer max,
            @RequestParam(required = false) Integer maxIndications) throws InterruptedException {
        Nic nic = NicController.find(nics, tenant, nicId);
        if (max != null && maxIndications != null && !max.equals(maxIndications)) {
            throw ApiException.invalidParameter("max", "max (" + max + ") and maxIndications (" + maxIndications
                    + ") disagree; give one of them");
        }
        int limit = max != null ? max : maxIndications != null ? maxIndications : DEFAULT_MAX_INDICATIONS;
        if (timeoutMs < 0 || timeoutMs > limits.longPollMaxTimeoutMs()) {
            throw ApiException.invalidParameter("timeoutMs", "timeoutMs: " + timeoutMs
                    + " is out of range (expected 0 to " + limits.longPollMaxTimeoutMs() + ")");
        }
        if (limit < 1 || limit > limits.maxIndicationsPerPoll()) {
            throw ApiException.invalidParameter(max != null ? "max" : "maxIndications", "max: " + limit
                    + " is out of range (expected 1 to " + limits.maxIndicationsPerPoll() + ")");
        }
        ReceivePath.Poll poll;
        try {
            poll = nic.receivePath().poll(cursor, limit, TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("cursor", "cursor: " + e.getMessage());
        }
        if (poll.closed() && nic.isRemoved()) {
            throw ApiException.nicNotFound(nicId);
        }
        boolean v1 = nic.ndisVersion().isIpsecV1();
        return new ReceiveIndicationPoll(poll.indications().stream()
                .map(e -> ReceiveJson.IndicationJson.of(e, v1)).toList(), poll.nextCursor(), poll.dropped());
    }

    @PutMapping(path = "/v1/nics/{nicId}/link", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    LinkResponse link(Tenant tenant, @PathVariable String nicId, @RequestBody LinkRequest request) {
        Nic nic = NicController.find(nics, tenant, nicId);
        if (request == null || request.peerNicId() == null) {
            throw ApiException.invalidField("/peerNicId", "peerNicId is required");
        }
        // another tenant's NIC is absent, exactly as one that does not exist
        Nic peer = NicController.find(nics, tenant, request.peerNicId());
        if (peer == nic) {
            throw ApiException.invalidField("/peerNicId", "a NIC cannot be linked to itself");
        }
        NicLinks.link(nic, peer);
        return new LinkResponse(nic.nicId(), peer.nicId());
    }

    @GetMapping(path = "/v1/nics/{nicId}/link", produces = MediaType.APPLICATION_JSON_VALUE)
    LinkResponse getLink(Tenant tenant, @PathVariable String nicId) {
        Nic nic = NicController.find(nics, tenant, nicId);
        Nic peer = nic.linkedPeer();
        return new LinkResponse(nic.nicId(), peer == null ? null : peer.nicId());
    }

    @DeleteMapping("/v1/nics/{nicId}/link")
    ResponseEntity<Void> unlink(Tenant tenant, @PathVariable String nicId) {
        NicLinks.unlink(NicController.find(nics, tenant, nicId));
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/v1/nics/{nicId}/statistics", produces = MediaType.APPLICATION_JSON_VALUE)
    StatisticsResponse statistics(Tenant tenant, @PathVariable String nicId) {
        Nic nic = NicController.find(nics, tenant, nicId);
        ReceivePath path = nic.receivePath();
        return StatisticsResponse.of(nic.nicId(), path.statistics().snapshot(), path.inFlight(),
                nic.saTable().size(), nic.transmitPath().statistics().snapshot(), nic.faults().counters());
    }
}
