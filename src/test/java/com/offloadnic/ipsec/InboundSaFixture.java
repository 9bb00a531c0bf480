package com.offloadnic.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Adds inbound SA bundles to a real {@link SaTable} the way ADD_SA does, for receive tests. */
public final class InboundSaFixture {

    /** One secAssoc entry with its keys. */
    public record Entry(IpsecOperation operation, long spi, EncryptionAlgorithm encryption, byte[] encryptionKey,
            int gcmIcvLength, IntegrityAlgorithm integrity, byte[] authenticationKey, boolean esn, long high) {

        public static Entry esp(long spi, EncryptionAlgorithm encryption, byte[] encryptionKey, IntegrityAlgorithm integrity,
                byte[] authenticationKey) {
            return new Entry(IpsecOperation.ESP, spi, encryption, encryptionKey, encryption.isAead() ? 16 : 0,
                    integrity, authenticationKey, false, 0);
        }

        public static Entry ah(long spi, IntegrityAlgorithm integrity, byte[] key) {
            return new Entry(IpsecOperation.AH, spi, EncryptionAlgorithm.NONE, new byte[0], 0, integrity, key, false, 0);
        }

        public Entry withEsn(long high) {
            return new Entry(operation, spi, encryption, encryptionKey, gcmIcvLength, integrity, authenticationKey,
                    true, high);
        }
    }

    private InboundSaFixture() {
    }

    /** Adds an inbound bundle and returns its handle; {@code destination} null is the wildcard. */
    public static long add(SaTable table, IpVersion version, byte[] destination, SaEmulation emulation,
            UdpEspEncapsulationType udp, Entry... entries) {
        ByteArrayOutputStream keyData = new ByteArrayOutputStream();
        List<SecAssoc> secAssoc = new ArrayList<>();
        for (Entry e : entries) {
            EncryptionAlgorithmInfo enc = EncryptionAlgorithmInfo.NONE;
            if (e.encryption() != EncryptionAlgorithm.NONE) {
                enc = new EncryptionAlgorithmInfo(e.encryption(), e.encryptionKey().length, keyData.size(),
                        e.gcmIcvLength());
                keyData.writeBytes(e.encryptionKey());
            }
            IntegrityAlgorithmInfo auth = null;
            if (e.integrity() != null) {
                auth = new IntegrityAlgorithmInfo(e.integrity(), e.authenticationKey().length, keyData.size(), 0);
                keyData.writeBytes(e.authenticationKey());
            }
            secAssoc.add(new SecAssoc(e.operation(), (int) e.spi(), enc, auth, e.esn(), (int) e.high()));
        }
        SaParameters parameters = new SaParameters(SaDirection.INBOUND, version, null,
                destination == null ? null : IpAddress.ofBytes(destination),
                udp == null ? null : UdpEspEncapsulation.of(udp), secAssoc, emulation);
        SaOidResult result = table.addSa(List.of(new AddSa(parameters, SecretBytes.copyOf(keyData.toByteArray()))),
                IpsecV2Limits.fullFeatured(1024));
        SaOutcome outcome = result.outcomes().get(0);
        assertThat(outcome.refusal()).as("ADD_SA refused").isNull();
        return outcome.offloadHandle();
    }

    public static SaTableInboundSas inboundSas(SaTable table) {
        SaTransformCache cache = new SaTransformCache();
        return new SaTableInboundSas(table,
                entry -> cache.get(entry.offloadHandle(), () -> SaTransformsFactory.build(entry)));
    }
}
