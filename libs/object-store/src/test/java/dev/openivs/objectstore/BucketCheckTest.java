package dev.openivs.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The bucket check against an in-memory S3 client that answers or fails each call as told. */
class BucketCheckTest {

    /** Records the calls; a set failure is thrown by that call. */
    static final class FakeS3 implements S3Client {
        final List<String> calls = new ArrayList<>();
        SdkException headFails;
        SdkException putFails;
        SdkException deleteFails;

        @Override
        public HeadBucketResponse headBucket(HeadBucketRequest r) {
            calls.add("head " + r.bucket());
            if (headFails != null) {
                throw headFails;
            }
            return HeadBucketResponse.builder().build();
        }

        @Override
        public PutObjectResponse putObject(PutObjectRequest r, RequestBody body) {
            calls.add("put " + r.bucket() + "/" + r.key() + " " + body.optionalContentLength().orElse(-1L));
            if (putFails != null) {
                throw putFails;
            }
            return PutObjectResponse.builder().build();
        }

        @Override
        public DeleteObjectResponse deleteObject(DeleteObjectRequest r) {
            calls.add("delete " + r.bucket() + "/" + r.key());
            if (deleteFails != null) {
                throw deleteFails;
            }
            return DeleteObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }

    private static S3Exception s3Error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    private final FakeS3 s3 = new FakeS3();
    private final BucketCheck check = new BucketCheck(s3);

    @Test
    void shouldProbeAWritableBucketAndRemoveTheProbe() {
        assertEquals(Optional.empty(), check.problem("rec", "ivs/.write-check/1"));
        assertEquals(List.of("head rec", "put rec/ivs/.write-check/1 0", "delete rec/ivs/.write-check/1"), s3.calls);
    }

    @Test
    void shouldSayWhenTheBucketIsMissingWithoutWriting() {
        s3.headFails = s3Error(404, "NoSuchBucket");
        assertEquals(Optional.of("bucket 'rec' is not accessible: HTTP 404 NoSuchBucket"), check.problem("rec", "p"));
        assertEquals(List.of("head rec"), s3.calls);
    }

    @Test
    void shouldSayWhenTheBucketIsNotWritable() {
        s3.putFails = s3Error(403, "AccessDenied");
        assertEquals(Optional.of("bucket 'rec' is not writable: HTTP 403 AccessDenied"), check.problem("rec", "p"));
        assertEquals(2, s3.calls.size());
    }

    @Test
    void shouldNameTheRootCauseWhenTheStoreIsUnreachable() {
        s3.putFails = SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new RuntimeException(new ConnectException("Connection refused"))).build();
        String problem = check.problem("rec", "p").orElseThrow();
        assertTrue(problem.startsWith("object store unreachable: Unable to execute HTTP request"), problem);
        assertTrue(problem.endsWith("(java.net.ConnectException: Connection refused)"), problem);

        s3.headFails = SdkClientException.create("no route");
        assertEquals(Optional.of("object store unreachable: no route"), check.problem("rec", "p"));
    }

    @Test
    void shouldTolerateAProbeThatCannotBeDeleted() {
        s3.deleteFails = s3Error(500, "InternalError");
        assertEquals(Optional.empty(), check.problem("rec", "p"));
    }
}
