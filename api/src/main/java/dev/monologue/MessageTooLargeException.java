package dev.monologue;

/**
 * A request was refused before it was sent: encoded, or as the relay would deliver it (wrapped with the
 * sender's and the receiver's connection IDs), it is larger than the relay accepts
 * ({@link MonologueOptions#maxMessageBytes()}, 128 KB like API Gateway).
 */
public final class MessageTooLargeException extends MonologueException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long deliveredSize;
  private final int limit;

  /** A message for {@code method} on {@code peer} of {@code size} bytes is over the relay's {@code limit}. */
  public MessageTooLargeException(String method, String peer, long size, int limit) {
    this(method, peer, size, size, limit);
  }

  /**
   * @param size the message as this client sends it, in UTF-8 bytes
   * @param deliveredSize the most it is as the relay delivers it, wrapped with the sender's and receiver's
   *     connection IDs
   */
  public MessageTooLargeException(String method, String peer, long size, long deliveredSize, int limit) {
    super(describe(what(size, deliveredSize, limit), method, peer) + ". Send at least "
            + (Math.max(size, deliveredSize) - limit) + " bytes less (split the data, or pass a reference to it"
            + " such as an S3 key); MonologueOptions.maxMessageBytes must match the relay's limit.",
        method, peer, null);
    this.size = size;
    this.deliveredSize = deliveredSize;
    this.limit = limit;
  }

  private static String what(long size, long deliveredSize, int limit) {
    if (size > limit || deliveredSize <= size) {
      return "Request of " + size + " bytes is over the relay's limit of " + limit + " bytes";
    }
    return "Request of " + size + " bytes becomes up to " + deliveredSize + " bytes as the relay delivers it (it"
        + " adds the sender's and the receiver's connection IDs), over the relay's limit of " + limit + " bytes";
  }

  /** The encoded frame's size in UTF-8 bytes. */
  public long size() {
    return size;
  }

  /** The most the frame is as the relay delivers it, in UTF-8 bytes; what the limit applies to on AWS too. */
  public long deliveredSize() {
    return deliveredSize;
  }

  /** The limit it is over. */
  public int limit() {
    return limit;
  }
}
