package com.offloadnic.api;

import com.offloadnic.api.ReceiveJson.Frame;
import com.offloadnic.api.ReceiveJson.IndicationEmulation;
import com.offloadnic.api.ReceiveJson.IndicationJson;
import com.offloadnic.api.ReceiveJson.ReceiveIndicationPoll;
import com.offloadnic.api.ReceiveJson.ReceiveRequest;
import com.offloadnic.api.ReceiveJson.ReceiveResponse;
import com.offloadnic.api.SendJson.Completion;
import com.offloadnic.api.SendJson.IpsecOffloadV1;
import com.offloadnic.api.SendJson.IpsecOffloadV2;
import com.offloadnic.api.SendJson.IpsecOffloadV2Header;
import com.offloadnic.api.SendJson.IpsecOffloadV2Tunnel;
import com.offloadnic.api.SendJson.LsoCompletion;
import com.offloadnic.api.SendJson.NetBuffer;
import com.offloadnic.api.SendJson.NetBufferList;
import com.offloadnic.api.SendJson.SendRequest;
import com.offloadnic.api.SendJson.SendResponse;
import com.offloadnic.api.SendJson.TcpIpChecksum;
import com.offloadnic.api.SendJson.TcpLargeSendOffload;
import com.offloadnic.api.SendJson.Transmitted;
import com.offloadnic.cbor.CborFormatException;
import com.offloadnic.cbor.CborKeys;
import com.offloadnic.cbor.CborReader;
import com.offloadnic.cbor.CborWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The bulk records ({@link SendJson}, {@link ReceiveJson}) in CBOR without data binding, with the field names of the
 * JSON.
 *
 * <p>Reading takes only what it fully understands, and then gives exactly the record Jackson would: maps (definite or
 * indefinite) whose keys are each a known field at most once, values of the field's type or null, integers in the
 * field's range, UTF-8 text, definite byte strings, nothing after the body. Anything else — malformed, an unknown or
 * repeated key, a wrong type, a tag, a float, an indefinite string, trailing bytes — raises
 * {@link CborFormatException}, and {@link BulkCborHttpMessageConverter} hands the same bytes to Jackson, whose
 * answer (a record, or the problem document naming the field) is the contract.
 *
 * <p>Writing gives the bytes Jackson's {@code CBORMapper} gives for the same record with the service's settings:
 * objects as indefinite-length maps in declaration order, null members left out ({@code default-property-inclusion:
 * non_null}), lists as definite arrays, {@code BigInteger} as tag 2 bignums.
 */
final class BulkCbor {

    private static final CborKeys SEND_REQUEST = CborKeys.of("netBufferLists", "returnFrames");
    private static final CborKeys NET_BUFFER_LIST = CborKeys.of("netBuffers", "ipsecOffloadV2", "ipsecOffloadV2Tunnel",
            "ipsecOffloadV2Header", "tcpLargeSendOffload", "tcpIpChecksum", "ipsecOffloadV1");
    private static final CborKeys DATA = CborKeys.of("data");
    private static final CborKeys OFFLOAD_HANDLE = CborKeys.of("offloadHandle");
    private static final CborKeys TUNNEL_HANDLE = CborKeys.of("tunnelHandle");
    private static final CborKeys V2_HEADER = CborKeys.of("nextHeader", "padLength", "ahHeaderOffset",
            "espHeaderOffset");
    private static final CborKeys LSO = CborKeys.of("type", "mss", "tcpHeaderOffset", "ipVersion");
    private static final CborKeys CHECKSUM = CborKeys.of("isIPv4", "isIPv6", "tcpChecksum", "udpChecksum",
            "ipHeaderChecksum", "tcpHeaderOffset");
    private static final CborKeys V1 = CborKeys.of("offloadHandle", "nextOffloadHandle");
    private static final CborKeys RECEIVE_REQUEST = CborKeys.of("frames");

    private static final CborKeys SEND_RESPONSE = CborKeys.of("completions");
    private static final CborKeys COMPLETION = CborKeys.of("status", "reason", "detail", "transmitted",
            "tcpLargeSendOffload");
    private static final CborKeys TRANSMITTED = CborKeys.of("espSequenceNumber", "ahSequenceNumber", "iv",
            "tunnelEspSequenceNumber", "tunnelAhSequenceNumber", "tunnelIv", "data");
    private static final CborKeys LSO_COMPLETION = CborKeys.of("type", "tcpPayload");
    private static final CborKeys RECEIVE_RESPONSE = CborKeys.of("accepted", "dropped", "refused");
    private static final CborKeys POLL = CborKeys.of("indications", "nextCursor", "dropped");
    private static final CborKeys INDICATION = CborKeys.of("sequence", "data", "ipsecOffloadV2", "ipsecOffloadV2Header",
            "emulation", "ipsecOffloadV1");
    private static final CborKeys RX_V2 = CborKeys.of("cryptoDone", "nextCryptoDone", "cryptoStatus", "saDeleteReq");
    private static final CborKeys RX_V2_HEADER = CborKeys.of("nextHeader", "padLength", "headerInfoSet");
    private static final CborKeys EMULATION = CborKeys.of("notOffloadedReason", "offloadHandle");
    private static final CborKeys RX_V1 = CborKeys.of("saDeleteReq", "cryptoDone", "nextCryptoDone", "cryptoStatus");

    private BulkCbor() {
    }

    // ---------------------------------------------------------------- reading

    /** The request in {@code buf[off, off + len)}, or CborFormatException if it is not for the lean reader. */
    static SendRequest readSendRequest(byte[] buf, int off, int len) {
        CborReader r = new CborReader(buf, off, len);
        SendRequest request = sendRequest(r);
        requireEnd(r);
        return request;
    }

    static ReceiveRequest readReceiveRequest(byte[] buf, int off, int len) {
        CborReader r = new CborReader(buf, off, len);
        ReceiveRequest request = receiveRequest(r);
        requireEnd(r);
        return request;
    }

    private static void requireEnd(CborReader r) {
        if (!r.atEnd()) {
            throw new CborFormatException("CBOR body has " + r.remaining() + " bytes after its data item, at offset "
                    + r.position());
        }
    }

    private static SendRequest sendRequest(CborReader r) {
        List<NetBufferList> lists = null;
        Boolean returnFrames = null;
        Fields f = new Fields(r, SEND_REQUEST);
        while (f.next()) {
            switch (f.key()) {
                case 0 -> lists = list(r, BulkCbor::netBufferList);
                default -> returnFrames = bool(r);
            }
        }
        return new SendRequest(lists, returnFrames);
    }

    private static NetBufferList netBufferList(CborReader r) {
        List<NetBuffer> buffers = null;
        IpsecOffloadV2 v2 = null;
        IpsecOffloadV2Tunnel tunnel = null;
        IpsecOffloadV2Header header = null;
        TcpLargeSendOffload lso = null;
        TcpIpChecksum checksum = null;
        IpsecOffloadV1 v1 = null;
        Fields f = new Fields(r, NET_BUFFER_LIST);
        while (f.next()) {
            if (r.readNullIfPresent()) {
                continue;
            }
            switch (f.key()) {
                case 0 -> buffers = list(r, BulkCbor::netBuffer);
                case 1 -> v2 = new IpsecOffloadV2(single(r, OFFLOAD_HANDLE));
                case 2 -> tunnel = new IpsecOffloadV2Tunnel(single(r, TUNNEL_HANDLE));
                case 3 -> header = v2Header(r);
                case 4 -> lso = lso(r);
                case 5 -> checksum = checksum(r);
                default -> v1 = v1(r);
            }
        }
        return new NetBufferList(buffers, v2, tunnel, header, lso, checksum, v1);
    }

    private static NetBuffer netBuffer(CborReader r) {
        return new NetBuffer(data(r));
    }

    private static byte[] data(CborReader r) {
        byte[] data = null;
        Fields f = new Fields(r, DATA);
        while (f.next()) {
            data = r.readNullIfPresent() ? null : r.readByteString();
        }
        return data;
    }

    /** A map with one text member (a handle). */
    private static String single(CborReader r, CborKeys key) {
        String value = null;
        Fields f = new Fields(r, key);
        while (f.next()) {
            value = text(r);
        }
        return value;
    }

    private static IpsecOffloadV2Header v2Header(CborReader r) {
        Long[] v = new Long[4];
        Fields f = new Fields(r, V2_HEADER);
        while (f.next()) {
            v[f.key()] = longValue(r);
        }
        return new IpsecOffloadV2Header(v[0], v[1], v[2], v[3]);
    }

    private static TcpLargeSendOffload lso(CborReader r) {
        String type = null;
        Long[] v = new Long[4];
        Fields f = new Fields(r, LSO);
        while (f.next()) {
            if (f.key() == 0) {
                type = text(r);
            } else {
                v[f.key()] = longValue(r);
            }
        }
        return new TcpLargeSendOffload(type, v[1], v[2], v[3]);
    }

    private static TcpIpChecksum checksum(CborReader r) {
        Boolean[] b = new Boolean[5];
        Integer tcpHeaderOffset = null;
        Fields f = new Fields(r, CHECKSUM);
        while (f.next()) {
            if (f.key() == 5) {
                tcpHeaderOffset = r.readNullIfPresent() ? null : r.readInt();
            } else {
                b[f.key()] = bool(r);
            }
        }
        return new TcpIpChecksum(b[0], b[1], b[2], b[3], b[4], tcpHeaderOffset);
    }

    private static IpsecOffloadV1 v1(CborReader r) {
        String[] v = new String[2];
        Fields f = new Fields(r, V1);
        while (f.next()) {
            v[f.key()] = text(r);
        }
        return new IpsecOffloadV1(v[0], v[1]);
    }

    private static ReceiveRequest receiveRequest(CborReader r) {
        List<Frame> frames = null;
        Fields f = new Fields(r, RECEIVE_REQUEST);
        while (f.next()) {
            frames = list(r, x -> new Frame(data(x)));
        }
        return new ReceiveRequest(frames);
    }

    /** A list of records (each possibly null), or null. */
    private static <T> List<T> list(CborReader r, Function<CborReader, T> element) {
        if (r.readNullIfPresent()) {
            return null;
        }
        int n = r.readArrayLength();
        List<T> out = new ArrayList<>(n == CborReader.INDEFINITE ? 10 : n);
        for (int i = 0; n == CborReader.INDEFINITE ? !r.atBreak() : i < n; i++) {
            out.add(r.readNullIfPresent() ? null : element.apply(r));
        }
        if (n == CborReader.INDEFINITE) {
            r.readBreak();
        }
        return out;
    }

    private static String text(CborReader r) {
        return r.readNullIfPresent() ? null : r.readText();
    }

    private static Boolean bool(CborReader r) {
        return r.readNullIfPresent() ? null : r.readBoolean();
    }

    private static Long longValue(CborReader r) {
        return r.readNullIfPresent() ? null : r.readLong();
    }

    /**
     * Walks a map's keys: each must be one of {@code keys} and appear once (Jackson would name an unknown one, and
     * a repeated one is not worth guessing about). The caller reads each value.
     */
    private static final class Fields {
        private final CborReader r;
        private final CborKeys keys;
        private final int count;
        private int read;
        private long seen;
        private int key;

        Fields(CborReader r, CborKeys keys) {
            this.r = r;
            this.keys = keys;
            this.count = r.readMapLength();
        }

        boolean next() {
            if (count == CborReader.INDEFINITE) {
                if (r.atBreak()) {
                    r.readBreak();
                    return false;
                }
            } else if (read == count) {
                return false;
            }
            read++;
            int at = r.position();
            key = r.readKey(keys);
            if (key < 0) {
                throw new CborFormatException("CBOR map key at offset " + at + " is not one of " + keys.size()
                        + " known fields");
            }
            if ((seen & (1L << key)) != 0) {
                throw new CborFormatException("CBOR map key '" + keys.name(key) + "' repeated at offset " + at);
            }
            seen |= 1L << key;
            return true;
        }

        int key() {
            return key;
        }
    }

    // ---------------------------------------------------------------- writing

    static CborWriter write(SendResponse response, CborWriter w) {
        w.startIndefiniteMap();
        if (response.completions() != null) {
            w.writeKey(SEND_RESPONSE, 0);
            w.startArray(response.completions().size());
            for (Completion c : response.completions()) {
                if (c == null) {
                    w.writeNull();
                } else {
                    completion(c, w);
                }
            }
        }
        return w.writeBreak();
    }

    private static void completion(Completion c, CborWriter w) {
        w.startIndefiniteMap();
        text(w, COMPLETION, 0, c.status());
        text(w, COMPLETION, 1, c.reason());
        text(w, COMPLETION, 2, c.detail());
        if (c.transmitted() != null) {
            w.writeKey(COMPLETION, 3).startArray(c.transmitted().size());
            for (Transmitted t : c.transmitted()) {
                if (t == null) {
                    w.writeNull();
                } else {
                    transmitted(t, w);
                }
            }
        }
        if (c.tcpLargeSendOffload() != null) {
            LsoCompletion l = c.tcpLargeSendOffload();
            w.writeKey(COMPLETION, 4).startIndefiniteMap();
            text(w, LSO_COMPLETION, 0, l.type());
            if (l.tcpPayload() != null) {
                w.writeKey(LSO_COMPLETION, 1).writeInt(l.tcpPayload());
            }
            w.writeBreak();
        }
        w.writeBreak();
    }

    private static void transmitted(Transmitted t, CborWriter w) {
        w.startIndefiniteMap();
        big(w, 0, t.espSequenceNumber());
        big(w, 1, t.ahSequenceNumber());
        bytes(w, TRANSMITTED, 2, t.iv());
        big(w, 3, t.tunnelEspSequenceNumber());
        big(w, 4, t.tunnelAhSequenceNumber());
        bytes(w, TRANSMITTED, 5, t.tunnelIv());
        bytes(w, TRANSMITTED, 6, t.data());
        w.writeBreak();
    }

    static CborWriter write(ReceiveResponse response, CborWriter w) {
        w.startIndefiniteMap();
        w.writeKey(RECEIVE_RESPONSE, 0).writeInt(response.accepted());
        w.writeKey(RECEIVE_RESPONSE, 1).writeInt(response.dropped());
        if (response.refused() != null) {
            w.writeKey(RECEIVE_RESPONSE, 2).writeInt(response.refused());
        }
        return w.writeBreak();
    }

    static CborWriter write(ReceiveIndicationPoll poll, CborWriter w) {
        w.startIndefiniteMap();
        if (poll.indications() != null) {
            w.writeKey(POLL, 0).startArray(poll.indications().size());
            for (IndicationJson i : poll.indications()) {
                if (i == null) {
                    w.writeNull();
                } else {
                    indication(i, w);
                }
            }
        }
        w.writeKey(POLL, 1).writeInt(poll.nextCursor());
        w.writeKey(POLL, 2).writeInt(poll.dropped());
        return w.writeBreak();
    }

    private static void indication(IndicationJson i, CborWriter w) {
        w.startIndefiniteMap();
        w.writeKey(INDICATION, 0).writeInt(i.sequence());
        bytes(w, INDICATION, 1, i.data());
        if (i.ipsecOffloadV2() != null) {
            ReceiveJson.IpsecOffloadV2 v2 = i.ipsecOffloadV2();
            w.writeKey(INDICATION, 2).startIndefiniteMap();
            w.writeKey(RX_V2, 0).writeInt(v2.cryptoDone());
            w.writeKey(RX_V2, 1).writeInt(v2.nextCryptoDone());
            text(w, RX_V2, 2, v2.cryptoStatus());
            w.writeKey(RX_V2, 3).writeInt(v2.saDeleteReq());
            w.writeBreak();
        }
        if (i.ipsecOffloadV2Header() != null) {
            ReceiveJson.IpsecOffloadV2Header h = i.ipsecOffloadV2Header();
            w.writeKey(INDICATION, 3).startIndefiniteMap();
            w.writeKey(RX_V2_HEADER, 0).writeInt(h.nextHeader());
            w.writeKey(RX_V2_HEADER, 1).writeInt(h.padLength());
            w.writeKey(RX_V2_HEADER, 2).writeInt(h.headerInfoSet());
            w.writeBreak();
        }
        if (i.emulation() != null) {
            IndicationEmulation e = i.emulation();
            w.writeKey(INDICATION, 4).startIndefiniteMap();
            text(w, EMULATION, 0, e.notOffloadedReason());
            text(w, EMULATION, 1, e.offloadHandle());
            w.writeBreak();
        }
        if (i.ipsecOffloadV1() != null) {
            ReceiveJson.IpsecOffloadV1 v1 = i.ipsecOffloadV1();
            w.writeKey(INDICATION, 5).startIndefiniteMap();
            w.writeKey(RX_V1, 0).writeInt(v1.saDeleteReq());
            w.writeKey(RX_V1, 1).writeInt(v1.cryptoDone());
            w.writeKey(RX_V1, 2).writeInt(v1.nextCryptoDone());
            text(w, RX_V1, 3, v1.cryptoStatus());
            w.writeBreak();
        }
        w.writeBreak();
    }

    private static void text(CborWriter w, CborKeys keys, int key, String value) {
        if (value != null) {
            w.writeKey(keys, key).writeText(value);
        }
    }

    private static void bytes(CborWriter w, CborKeys keys, int key, byte[] value) {
        if (value != null) {
            w.writeKey(keys, key).writeBytes(value);
        }
    }

    private static void big(CborWriter w, int key, BigInteger value) {
        if (value != null) {
            w.writeKey(TRANSMITTED, key).writeBigInteger(value);
        }
    }
}
