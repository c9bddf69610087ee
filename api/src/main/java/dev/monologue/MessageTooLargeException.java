package dev.monologue;

/**
 * A request was refused before it was sent: encoded, it is larger than the relay accepts
 * ({@link MonologueOptions#maxMessageBytes()}, 128 KB like API Gateway).
 */
public final class MessageTooLargeException extends MonologueException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final int limit;

  public MessageTooLargeException(String method, String peer, long size, int limit) {
    super(describe("Request of " + size + " bytes is over the relay's limit of " + limit + " bytes", method, peer)
            + ". Send smaller arguments (split the data, or pass a reference to it such as an S3 key);"
            + " MonologueOptions.maxMessageBytes must match the relay's limit.",
        method, peer, null);
    this.size = size;
    this.limit = limit;
  }

  /** The encoded frame's size in UTF-8 bytes. */
  public long size() {
    return size;
  }

  /** The limit it is over. */
  public int limit() {
    return limit;
  }
}
