package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.ipsec.InboundSaFixture;
import com.offloadnic.ipsec.InboundSaFixture.Entry;
import com.offloadnic.ipsec.IpVersion;
import com.offloadnic.ipsec.IvSource;
import com.offloadnic.ipsec.SaEmulation;
import com.offloadnic.ipsec.SaMode;
import com.offloadnic.ipsec.ScapyReceiveCases;
import com.offloadnic.ipsec.ScapyReceiveCases.Case;
import com.offloadnic.ipsec.ScapyReceiveCases.Layer;
import com.offloadnic.ipsec.ScapyReceiveCases.Result;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Scapy-encrypted frames through the HTTP receive endpoint of a NIC whose inbound SAs sit in its SA table: the
 * indications carry the exact plaintext, the NDIS receive info and the right failure statuses.
 */
class ReceiveCryptoApiTest extends ApiTestSupport {

    private static final byte[] DST4 = {(byte) 198, 51, 100, 2};
    private static final byte[] TUNNEL_DST4 = {(byte) 203, 0, 113, 2};

    @Autowired
    NicRegistry nics;

    @Test
    void receive_scapyEncryptedFrames_indicatedDecryptedWithNdisReceiveInfo() {
        Random random = new Random(7);
        byte[] gcmKey = ScapyReceiveCases.key(random, 20);
        byte[] cbcKey = ScapyReceiveCases.key(random, 16);
        byte[] shaKey = ScapyReceiveCases.key(random, 20);
        byte[] ahKey = ScapyReceiveCases.key(random, 32);
        Layer gcm = new Layer("ESP", "transport", 0x7001, 1, 0x2AL, "AES-GCM", gcmKey, "NULL", new byte[0], 16,
                false);
        Layer cbcTunnel = new Layer("ESP", "tunnel", 0x7002, 5, null, "AES-CBC", cbcKey, "HMAC-SHA1-96", shaKey, 12,
                false);
        Layer ah = new Layer("AH", "transport", 0x7003, 9, null, "NULL", new byte[0], "SHA2-256-128", ahKey, 16,
                false);
        List<Case> cases = List.of(new Case(4, "tcp", 100, List.of(gcm)), new Case(4, "udp", 33, List.of(cbcTunnel)),
                new Case(4, "tcp", 70, List.of(ah)), new Case(4, "tcp", 64, List.of(cbcTunnel, gcm)));
        List<Result> results = ScapyReceiveCases.encrypt(cases);

        var created = admin().post("/v1/admin/tenants", "{\"name\":\"rx-" + System.nanoTime() + "\",\"quotas\":{}}");
        String tenantId = created.json().path("tenantId").asString();
        var t = anonymous().as(created.json().path("token").asString());
        String nicId = createNic(t, "6.30", "");
        Nic nic = nics.find(tenantId, nicId).orElseThrow();
        long gcmHandle = InboundSaFixture.add(nic.saTable(), IpVersion.IPV4, DST4, SaEmulation.DEFAULT, null,
                Entry.esp(0x7001, EncryptionAlgorithm.AES_GCM_128, gcmKey, null, null).withEsn(0x2A));
        long cbcHandle = InboundSaFixture.add(nic.saTable(), IpVersion.IPV4, TUNNEL_DST4,
                new SaEmulation(IvSource.GENERATE, SaMode.TUNNEL, 0, 0), null,
                Entry.esp(0x7002, EncryptionAlgorithm.AES_CBC_128, cbcKey, IntegrityAlgorithm.SHA_1, shaKey));
        long ahHandle = InboundSaFixture.add(nic.saTable(), IpVersion.IPV4, DST4, SaEmulation.DEFAULT, null,
                Entry.ah(0x7003, IntegrityAlgorithm.SHA_256, ahKey));

        List<byte[]> frames = new ArrayList<>();
        results.forEach(r -> frames.add(r.frame()));
        byte[] tampered = results.get(0).frame().clone();
        tampered[tampered.length - 1] ^= 1;
        frames.add(tampered);
        byte[] tunnelTampered = results.get(1).frame().clone();
        tunnelTampered[tunnelTampered.length - 1] ^= 1;
        frames.add(tunnelTampered);
        var r = t.post("/v1/nics/" + nicId + "/receive", ReceiveApiTest.framesJson(frames));
        assertThat(r.status()).as(r.body()).isEqualTo(202);

        List<JsonNode> seen = ReceiveApiTest.pollAll(t, nicId, 0, frames.size());
        for (int i = 0; i < results.size(); i++) {
            JsonNode ind = seen.get(i);
            assertThat(Base64.getDecoder().decode(ind.path("data").asString())).as(cases.get(i).toString())
                    .isEqualTo(results.get(i).expected());
            assertThat(ind.path("ipsecOffloadV2").path("cryptoDone").asInt()).isEqualTo(1);
            assertThat(ind.path("ipsecOffloadV2").path("cryptoStatus").asString()).isEqualTo("CRYPTO_SUCCESS");
            assertThat(ind.path("ipsecOffloadV2").path("nextCryptoDone").asInt())
                    .isEqualTo(cases.get(i).layers().size() == 2 ? 1 : 0);
            if (results.get(i).nextHeader() != null) {
                assertThat(ind.path("ipsecOffloadV2Header").path("headerInfoSet").asInt()).isEqualTo(1);
                assertThat(ind.path("ipsecOffloadV2Header").path("nextHeader").asInt())
                        .isEqualTo(results.get(i).nextHeader());
                assertThat(ind.path("ipsecOffloadV2Header").path("padLength").asInt())
                        .isEqualTo(results.get(i).padLength());
            }
            long receivedOver = List.of(gcmHandle, cbcHandle, ahHandle, cbcHandle).get(i);
            assertThat(ind.path("emulation").path("offloadHandle").asString())
                    .isEqualTo(Long.toUnsignedString(receivedOver));
            assertThat(ind.path("emulation").has("notOffloadedReason")).isFalse();
        }
        assertThat(seen.get(4).path("ipsecOffloadV2").path("cryptoStatus").asString())
                .isEqualTo("CRYPTO_TRANSPORT_ESP_AUTH_FAILED");
        assertThat(Base64.getDecoder().decode(seen.get(4).path("data").asString())).isEqualTo(tampered);
        assertThat(seen.get(5).path("ipsecOffloadV2").path("cryptoStatus").asString())
                .isEqualTo("CRYPTO_TUNNEL_ESP_AUTH_FAILED");

        JsonNode stats = t.get("/v1/nics/" + nicId + "/statistics").json();
        assertThat(stats.path("ipsecRxPkts").asLong()).isEqualTo(4);
        assertThat(stats.path("ipsecRxDropPkts").asLong()).isEqualTo(2);
        assertThat(stats.path("ipsecRxNextCryptoDone").asLong()).isEqualTo(1);
        assertThat(stats.path("saInUse").asInt()).isEqualTo(3);
    }
}
