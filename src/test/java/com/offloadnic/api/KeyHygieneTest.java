package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.ipsec.SaEntry;
import com.offloadnic.ipsec.SecAssocKeys;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Keys are write-only (SPEC section 4): a full rig session — ADD_SA_EX and ADD_SA (accepted and refused, with and
 * without mistakes in the body), sends whose frames cross a link and are decrypted, polls, listings, statistics,
 * the capture, UPDATE_SA, DELETE_SA, NIC and tenant removal — is scanned for the key bytes it used, in every
 * encoding a leak could take (raw, hex either case, base64 and base64url, and the AES key without its salt): every
 * response body and header, every log line the service printed meanwhile, and the Prometheus metrics. None may
 * contain them. The keys are zeroed, and their transforms dropped, on DELETE_SA, on NIC removal and on tenant
 * removal.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyHygieneTest extends ApiTestSupport {

    @Autowired
    NicRegistry registry;

    private final List<String> seen = new ArrayList<>();

    private ContractClient.Reply record(ContractClient.Reply r) {
        seen.add(r.status() + " " + r.headers() + "\n" + r.body());
        return r;
    }

    @Test
    void fullSession_noResponseLogLineOrMetricContainsKeyBytes_andKeysAreZeroedOnEveryRemoval(CapturedOutput output) {
        RigFixture rig = new RigFixture();
        RigFixture other = new RigFixture();
        String name = "keys-" + UUID.randomUUID().toString().substring(0, 8);
        var created = record(admin().post("/v1/admin/tenants", "{\"name\":\"" + name + "\",\"quotas\":{}}"));
        String tenantId = created.json().path("tenantId").asString();
        ContractClient t = anonymous().as(created.json().path("token").asString());

        String a = createNic(t, "6.30", "");
        String b = createNic(t, "6.30", "");
        String legacy = createNic(t, "6.20", "");
        String out = RigFixture.addSa(t, a, rig.addSaEx(0x1000, false));
        String in = RigFixture.addSa(t, b, rig.addSaEx(0x1000, true));
        String out2 = RigFixture.addSa(t, a, other.addSaEx(0x2000, false));
        record(t.post("/v1/nics/" + legacy + "/oids/tcp-task-ipsec-offload-v2-add-sa",
                "{\"securityAssociations\":[" + rig.addSaEx(0x3000, true) + "," + other.addSaEx(0x3001, false) + "]}"));
        // refused and malformed requests that carry the keys
        record(t.post("/v1/nics/" + a + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex",
                rig.addSaEx(0x4000, false).replace("\"keyLength\":20", "\"keyLength\":17")));
        record(t.post("/v1/nics/" + a + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex",
                rig.addSaEx(0x4001, false).replace("\"spi\":16385", "\"spi\":0")));
        record(t.raw().post("/v1/nics/" + a + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex",
                rig.addSaEx(0x4002, false).replace("\"ipVersion\":4", "\"ipVersion\":5,\"stray\":\"x\"")));
        record(t.raw().post("/v1/nics/" + a + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex",
                rig.addSaEx(0x4003, false).replace("\"}", "=!\"}")));
        record(t.raw().post("/v1/nics/" + a + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex",
                rig.addSaEx(0x4004, false).substring(0, 200)));
        RigFixture.link(t, a, b);

        List<SecAssocKeys> outKeys = keysOf(tenantId, a, out);
        List<SecAssocKeys> out2Keys = keysOf(tenantId, a, out2);
        List<SecAssocKeys> inKeys = keysOf(tenantId, b, in);
        for (int i = 0; i < 3; i++) {
            var sent = record(t.post("/v1/nics/" + a + "/send",
                    RigFixture.sendBody(out, 0x1000, 1 + 4L * i, 4, 40).replace("]}", "],\"returnFrames\":true}")));
            assertThat(sent.json().path("completions").get(0).path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        }
        record(t.post("/v1/nics/" + a + "/send", RigFixture.sendBody(out2, 0x2000, 1, 2, 10)));
        // 12 frames over the SA B has (decrypted), 2 over one it lacks (indicated unchanged)
        List<Integer> cryptoDone = new ArrayList<>();
        long cursor = 0;
        for (int polls = 0; cryptoDone.size() < 14 && polls < 50; polls++) {
            var polled = record(t.get("/v1/nics/" + b + "/receive-indications?cursor=" + cursor + "&timeoutMs=2000"));
            polled.json().path("indications").forEach(i -> cryptoDone.add(i.path("ipsecOffloadV2").path("cryptoDone")
                    .asInt()));
            cursor = polled.json().path("nextCursor").asLong();
        }
        assertThat(cryptoDone).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0);
        for (String nic : List.of(a, b, legacy)) {
            String n = "/v1/nics/" + nic;
            record(t.get(n));
            record(t.get(n + "/security-associations"));
            record(t.get(n + "/statistics"));
            record(t.get(n + "/capture"));
            record(t.get(n + "/capabilities"));
            record(t.get(n + "/status-indications?cursor=0&timeoutMs=0"));
        }
        record(t.get("/v1/nics"));
        record(anonymous().unchecked().send("GET", "/v1/nics/" + a + "/capture.pcap", null, null));
        record(t.raw().send("GET", "/v1/nics/" + a + "/capture.pcap", null, null));
        record(t.post("/v1/nics/" + a + "/oids/tcp-task-ipsec-offload-v2-update-sa",
                "{\"updates\":[{\"offloadHandle\":\"" + out + "\",\"operation\":\"IPsecOffloadV2Esp\",\"spi\":4096,"
                        + "\"sequenceNumberHighOrder\":1}]}"));
        assertThat(registry.find(tenantId, a).orElseThrow().saTransforms().peek(Long.parseUnsignedLong(out)))
                .as("sending built the SA's transforms").isNotNull();

        // DELETE_SA zeroes the keys and drops the transforms
        record(t.post("/v1/nics/" + a + "/oids/tcp-task-ipsec-offload-v2-delete-sa",
                "{\"offloadHandles\":[\"" + out + "\"]}"));
        assertThat(outKeys).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
        assertThat(out2Keys).noneSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
        assertThat(registry.find(tenantId, a).orElseThrow().saTransforms().peek(Long.parseUnsignedLong(out))).isNull();
        // NIC removal zeroes every key of the NIC
        Nic nicA = registry.find(tenantId, a).orElseThrow();
        record(t.delete("/v1/nics/" + a));
        assertThat(out2Keys).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
        assertThat(nicA.saTransforms().size()).isZero();
        // tenant removal removes its NICs, and so zeroes their keys
        record(admin().delete("/v1/admin/tenants/" + tenantId));
        assertThat(inKeys).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());

        var metrics = anonymous().unchecked().get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        record(metrics);

        List<String> needles = needles(rig.key);
        needles.addAll(needles(other.key));
        String everything = String.join("\n", seen) + "\n" + output.getAll();
        for (String needle : needles) {
            assertThat(everything).as("a response, log line or metric contains key bytes").doesNotContain(needle);
        }
        assertThat(seen).hasSizeGreaterThan(30);
    }

    private List<SecAssocKeys> keysOf(String tenantId, String nicId, String handle) {
        SaEntry entry = registry.find(tenantId, nicId).orElseThrow().saTable().get(Long.parseUnsignedLong(handle));
        return List.of(entry.keys(0));
    }

    /** The key and its 16-byte AES part, as a leak could spell them. */
    private static List<String> needles(byte[] key) {
        List<String> out = new ArrayList<>();
        for (byte[] k : new byte[][] {key, java.util.Arrays.copyOf(key, 16)}) {
            String hex = HexFormat.of().formatHex(k);
            out.add(hex);
            out.add(hex.toUpperCase(Locale.ROOT));
            out.add(HexFormat.ofDelimiter(":").formatHex(k));
            out.add(HexFormat.ofDelimiter(", ").formatHex(k));
            // base64 of the key alone, and of the key at each alignment inside a longer base64 text
            for (int shift = 0; shift < 3; shift++) {
                byte[] shifted = new byte[shift + k.length];
                System.arraycopy(k, 0, shifted, shift, k.length);
                String b64 = Base64.getEncoder().encodeToString(shifted);
                out.add(b64.substring(shift == 0 ? 0 : 4, b64.length() - 4));
                out.add(Base64.getUrlEncoder().encodeToString(shifted).substring(shift == 0 ? 0 : 4, b64.length() - 4));
            }
            out.add(new String(k, StandardCharsets.ISO_8859_1));
            out.add(java.util.Arrays.toString(k));
        }
        return out;
    }
}
