package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test SAs: parameters, the key bytes (kept for the oracles), and the {@link OutboundSa} the sender sees. */
final class SendCases {

    private static final HexFormat HEX = HexFormat.of();

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
        final OutboundSa sa;
        final OutboundSequence espSequence = new OutboundSequence();
        final OutboundSequence ahSequence = new OutboundSequence();

        Built(SaDef def, long handle, Random random, boolean ivFromPacket) {
            this.def = def;
            this.handle = handle;
            this.espSpi = 0x100 + random.nextInt(0x7FFF_0000);
            this.ahSpi = 0x100 + random.nextInt(0x7FFF_0000);
            this.high = def.esn() ? random.nextInt(1 << 30) : 0;
            EspTransform esp = null;
            AhTransform ah = null;
            OutboundSa.Entry espEntry = null;
            OutboundSa.Entry ahEntry = null;
            if (def.esp() != null) {
                encKey = bytes(random, def.esp().enc().keyLength());
                espAuthKey = def.esp().integ() == null ? null : bytes(random, def.esp().integ().keyLength());
                esp = EspTransform.create(def.esp().enc(), SecretBytes.copyOf(encKey), def.esp().integ(),
                        espAuthKey == null ? null : SecretBytes.copyOf(espAuthKey), def.esp().icvLength(), def.esn());
                espEntry = new OutboundSa.Entry(espSpi, def.esn(), high, espSequence);
            } else {
                encKey = null;
                espAuthKey = null;
            }
            if (def.ah() != null) {
                ahKey = bytes(random, def.ah().keyLength());
                ah = AhTransform.create(def.ah(), SecretBytes.copyOf(ahKey));
                ahEntry = new OutboundSa.Entry(ahSpi, def.esn(), high, ahSequence);
            } else {
                ahKey = null;
            }
            sa = new OutboundSa(handle, true, espEntry, ahEntry, def.mode(), def.encap(), ivFromPacket,
                    new SaTransforms(esp, ah));
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
