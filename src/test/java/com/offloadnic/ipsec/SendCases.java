package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test SAs: parameters, the key bytes (kept for the oracles), and the {@link OutboundSa} the sender sees. */
final class SendCases {

    private static final HexFormat HEX = HexFormat.of();
    /** One table for all test SAs (handles never repeat), with every capability. */
    static final SaTable TABLE = new SaTable();
    static final IpsecV2Limits LIMITS = IpsecV2Limits.fullFeatured(1 << 20);

    /** The ESP algorithms of an SA entry. */
    record EspAlg(EncryptionAlgorithm enc, IntegrityAlgorithm integ, int icvLength) {
        static EspAlg of(EncryptionAlgorithm enc, IntegrityAlgorithm integ) {
            return new EspAlg(enc, integ, enc.isAead() ? 16 : integ == null ? 0 : integ.icvLength());
        }

        int ivLength() {
            return enc == EncryptionAlgorithm.NONE && integ != null ? integ.ivLength() : enc.ivLength();
        }

        boolean gmac() {
            return enc == EncryptionAlgorithm.NONE && integ != null && integ.mode() == IntegrityAlgorithm.Mode.GMAC;
        }

        @Override
        public String toString() {
            return enc + (integ == null ? "" : "+" + integ) + (enc.isAead() ? "/" + icvLength : "");
        }
    }

    /** What to build. */
    record SaDef(EspAlg esp, IntegrityAlgorithm ah, boolean esn, UdpEspEncapsulationType encap, SaMode mode) {
        @Override
        public String toString() {
            return (ah == null ? "" : "AH(" + ah + ")") + (esp == null ? "" : "ESP(" + esp + ")") + (esn ? "/ESN" : "")
                    + (encap == UdpEspEncapsulationType.NONE ? "" : "/" + encap);
        }
    }

    /** A built SA: the keys stay here for the oracles, never in production code. */
    static final class Built {
        final SaDef def;
        final long handle;
        final long espSpi;
        final long ahSpi;
        final long high;
        final byte[] encKey;
        final byte[] espAuthKey;
        final byte[] ahKey;
        final SaEntry entry;
        final OutboundSa sa;

        Built(SaDef def, int version, Random random, boolean ivFromPacket) {
            this.def = def;
            this.espSpi = 0x100 + random.nextInt(0x7FFF_0000);
            this.ahSpi = 0x100 + random.nextInt(0x7FFF_0000);
            this.high = def.esn() ? random.nextInt(1 << 30) : 0;
            java.io.ByteArrayOutputStream keyData = new java.io.ByteArrayOutputStream();
            List<SecAssoc> entries = new java.util.ArrayList<>();
            if (def.esp() != null) {
                EspAlg alg = def.esp();
                encKey = alg.enc() == EncryptionAlgorithm.NONE ? null : bytes(random, alg.enc().keyLength());
                espAuthKey = alg.integ() == null ? null : bytes(random, alg.integ().keyLength());
                EncryptionAlgorithmInfo enc = encKey == null ? EncryptionAlgorithmInfo.NONE
                        : new EncryptionAlgorithmInfo(alg.enc(), encKey.length, keyData.size(),
                                alg.enc().isAead() ? alg.icvLength() : 0);
                if (encKey != null) {
                    keyData.writeBytes(encKey);
                }
                IntegrityAlgorithmInfo auth = null;
                if (espAuthKey != null) {
                    auth = new IntegrityAlgorithmInfo(alg.integ(), espAuthKey.length, keyData.size(), 0);
                    keyData.writeBytes(espAuthKey);
                }
                entries.add(new SecAssoc(IpsecOperation.ESP, (int) espSpi, enc, auth, def.esn(), (int) high));
            } else {
                encKey = null;
                espAuthKey = null;
            }
            if (def.ah() != null) {
                ahKey = bytes(random, def.ah().keyLength());
                entries.add(new SecAssoc(IpsecOperation.AH, (int) ahSpi, EncryptionAlgorithmInfo.NONE,
                        new IntegrityAlgorithmInfo(def.ah(), ahKey.length, keyData.size(), 0), def.esn(), (int) high));
                keyData.writeBytes(ahKey);
            } else {
                ahKey = null;
            }
            IpVersion ipVersion = version == 4 ? IpVersion.IPV4 : IpVersion.IPV6;
            SaParameters parameters = new SaParameters(SaDirection.OUTBOUND, ipVersion, null, null,
                    UdpEspEncapsulation.of(def.encap()), entries,
                    new SaEmulation(ivFromPacket ? IvSource.PACKET : IvSource.GENERATE, def.mode(), 0, 0));
            SaOidResult result = TABLE.addSaEx(AddSaEx.of(parameters,
                    com.offloadnic.crypto.SecretBytes.copyOf(keyData.toByteArray())), LIMITS);
            if (!result.outcomes().get(0).succeeded()) {
                throw new IllegalStateException(def + ": ADD_SA_EX refused: " + result.outcomes().get(0).refusal());
            }
            this.handle = result.outcomes().get(0).offloadHandle();
            this.entry = TABLE.get(handle);
            this.sa = OutboundSa.of(entry, e -> e.attachment(SaTransforms.class, SaTransformsFactory::build));
        }

        TransportFramer.Portion portion(long seq, boolean udp) {
            TransportFramer.Ah a = def.ah() == null ? null
                    : new TransportFramer.Ah(ahSpi, seq, def.ah().ivLength(), def.ah().icvLength());
            TransportFramer.Esp e = def.esp() == null ? null
                    : new TransportFramer.Esp(espSpi, seq, def.esp().ivLength(), def.esp().icvLength(),
                            def.esp().enc().blockSize(), udp);
            return new TransportFramer.Portion(a, e);
        }

        /** This SA as the scapy oracle script describes it: AH first (outermost), then ESP. */
        List<Map<String, Object>> scapySas() {
            var out = new java.util.ArrayList<Map<String, Object>>();
            if (def.ah() != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("proto", "AH");
                m.put("spi", ahSpi);
                m.put("auth", scapyAuth(def.ah()));
                m.put("akey", HEX.formatHex(ahKey));
                m.put("esn", def.esn());
                m.put("high", high);
                out.add(m);
            }
            if (def.esp() != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("proto", "ESP");
                m.put("spi", espSpi);
                m.put("crypt", scapyCrypt(def.esp().enc()));
                m.put("ckey", def.esp().enc() == EncryptionAlgorithm.NONE ? "" : HEX.formatHex(encKey));
                m.put("auth", def.esp().integ() == null ? "NULL" : scapyAuth(def.esp().integ()));
                m.put("akey", espAuthKey == null ? "" : HEX.formatHex(espAuthKey));
                m.put("esn", def.esn());
                m.put("high", high);
                out.add(m);
            }
            return out;
        }

        /** Whether scapy 2.5 can check this SA (shared/ORACLES.md lists its gaps). */
        boolean scapyCan() {
            if (def.ah() != null && def.ah().mode() == IntegrityAlgorithm.Mode.GMAC) {
                return false;
            }
            if (def.esp() != null) {
                EspAlg e = def.esp();
                if (e.gmac() || e.enc().isAead() && e.icvLength() != 16 || !e.enc().isAead() && def.esn()
                        && e.integ() != null) {
                    return false;
                }
            }
            return true;
        }
    }

    private SendCases() {
    }

    static String scapyCrypt(EncryptionAlgorithm enc) {
        return switch (enc) {
            case AES_GCM_128, AES_GCM_192, AES_GCM_256 -> "AES-GCM";
            case AES_CBC_128, AES_CBC_192, AES_CBC_256 -> "AES-CBC";
            case TRIPLE_DES_CBC -> "3DES";
            case DES_CBC -> "DES";
            case NONE -> "NULL";
        };
    }

    static String scapyAuth(IntegrityAlgorithm a) {
        return switch (a) {
            case SHA_1 -> "HMAC-SHA1-96";
            case SHA_256 -> "SHA2-256-128";
            case MD5 -> "HMAC-MD5-96";
            default -> throw new IllegalArgumentException(a + " is not in scapy");
        };
    }

    static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
