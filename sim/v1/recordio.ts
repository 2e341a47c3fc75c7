// RecordIO, the framing of the SUBSCRIBE stream: each record is its length in bytes as decimal digits, a newline, then
// that many bytes (`record = record-size LF record-data`, apache/mesos docs/recordio.md; the encoder is
// `stringify(record.size()) + "\n" + record`, 3rdparty/stout/include/stout/recordio.hpp @1.11.0). Lengths count bytes,
// not characters: a hostname in UTF-8 may take several bytes per character.

/** One record, ready to write. */
export function recordIo(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${data.length}\n`, "ascii"), data]);
}
