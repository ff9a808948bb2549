package dev.openivs.objectstore;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Whether a bucket exists and this service may write to it: HeadBucket, then a zero-byte PutObject under the
 * given probe key and its DeleteObject (a failed delete is only logged). Blocking: call from a worker thread.
 */
@ApplicationScoped
public class BucketCheck {
    private static final Logger LOG = Logger.getLogger(BucketCheck.class);
    private final S3Client s3;

    public BucketCheck(S3Client s3) {
        this.s3 = s3;
    }

    /** Empty when the bucket is usable; otherwise why not (for logs; it names no credentials). */
    public Optional<String> problem(String bucket, String probeKey) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            return Optional.of("bucket '" + bucket + "' is not accessible: HTTP " + e.statusCode() + " "
                    + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()));
        } catch (SdkException e) {
            return Optional.of("object store unreachable: " + e.getMessage());
        }
        try {
            s3.putObject(p -> p.bucket(bucket).key(probeKey), RequestBody.empty());
        } catch (S3Exception e) {
            return Optional.of("bucket '" + bucket + "' is not writable: HTTP " + e.statusCode() + " "
                    + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()));
        } catch (SdkException e) {
            LOG.debugf(e, "write probe s3://%s/%s failed", bucket, probeKey);
            return Optional.of("object store unreachable: " + e.getMessage() + rootCause(e));
        }
        try {
            s3.deleteObject(d -> d.bucket(bucket).key(probeKey));
        } catch (SdkException e) {
            LOG.infof("could not delete the write probe s3://%s/%s: %s", bucket, probeKey, e.getMessage());
        }
        return Optional.empty();
    }

    private static String rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c == e ? "" : " (" + c + ")";
    }
}
