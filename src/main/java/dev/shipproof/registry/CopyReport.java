package dev.shipproof.registry;

/**
 * What a copy did. Counts cover the image, its child manifests and their evidence.
 *
 * @param digest the digest both ends now serve
 * @param manifestsPushed manifests and indexes PUT to the destination
 * @param manifestsPresent manifests the destination already held (not pushed again)
 * @param blobsUploaded blobs uploaded
 * @param blobsMounted blobs linked from another repository of the same registry
 * @param blobsPresent blobs the destination already held (not uploaded again)
 * @param tagsWritten tags written: cosign tags and referrers tag schema indexes
 */
public record CopyReport(
    String digest,
    int manifestsPushed,
    int manifestsPresent,
    int blobsUploaded,
    int blobsMounted,
    int blobsPresent,
    int tagsWritten) {

  /** One line for progress output. */
  public String summary() {
    return manifestsPushed
        + " manifest(s) pushed, "
        + manifestsPresent
        + " already there; "
        + blobsUploaded
        + " blob(s) uploaded, "
        + blobsMounted
        + " mounted, "
        + blobsPresent
        + " already there; "
        + tagsWritten
        + " tag(s) written";
  }
}
