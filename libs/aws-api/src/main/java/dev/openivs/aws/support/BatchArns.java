package dev.openivs.aws.support;

import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.shapes.BatchError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ARNs of a BatchGet* request, sorted into those the caller may see (by resource id, first occurrence order,
 * duplicates once) and {@link BatchError}s for the others: another region's or account's ARN is a
 * ResourceNotFoundException entry, as is an owned one that is not found. A malformed ARN (or one of the wrong type)
 * fails the whole call: the model's ARN lists carry the ARN pattern, so the request's validation refuses it first.
 */
public final class BatchArns {
    private final Map<String, String> owned = new LinkedHashMap<>();
    private final List<BatchError> errors = new ArrayList<>();

    private BatchArns() {
    }

    public static BatchArns of(List<String> arns, ResourceType type, String region, String account) {
        BatchArns batch = new BatchArns();
        for (String value : arns) {
            Arn arn = Arn.parse(value, type);
            if (!arn.ownedBy(region, account)) {
                batch.errors.add(notFound(value));
            } else {
                batch.owned.putIfAbsent(arn.id(), value);
            }
        }
        return batch;
    }

    /** Resource ids to look up. */
    public Collection<String> ids() {
        return owned.keySet();
    }

    /** The errors: those found while sorting, then a not-found entry per owned id absent from {@code foundIds}. */
    public List<BatchError> errors(Set<String> foundIds) {
        List<BatchError> all = new ArrayList<>(errors);
        owned.forEach((id, arn) -> {
            if (!foundIds.contains(id)) {
                all.add(notFound(arn));
            }
        });
        return all;
    }

    private static BatchError notFound(String arn) {
        return error(arn, AwsErrorShape.ResourceNotFoundException, AwsErrorShape.ResourceNotFoundException.defaultMessage());
    }

    private static BatchError error(String arn, AwsErrorShape shape, String message) {
        return new BatchError(arn, shape.name(), message);
    }
}
