/**
 * A lean, streaming CBOR (RFC 8949) codec without data binding: {@link com.offloadnic.cbor.CborReader} walks
 * {@code (buffer, offset, length)} item by item, {@link com.offloadnic.cbor.CborWriter} appends items to a reusable
 * buffer, {@link com.offloadnic.cbor.CborKeys} holds a record's map keys encoded once. Knows nothing of HTTP or of
 * the API's records; {@code api/BulkCbor} maps those.
 */
package com.offloadnic.cbor;
