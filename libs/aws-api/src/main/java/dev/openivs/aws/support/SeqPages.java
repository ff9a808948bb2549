package dev.openivs.aws.support;

import dev.openivs.aws.errors.ValidationException;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Keyset pages over an increasing sequence column (e.g. a BIGSERIAL in creation order): the signed token holds the
 * last sequence number returned. Read {@code limit + 1} rows after {@link #after}, then cut with {@link #of}.
 */
public final class SeqPages {
    private SeqPages() {
    }

    /** The sequence number to continue after (0 for the first page); a bad token is a ValidationException. */
    public static long after(PageTokens tokens, String nextToken, String account, String scope) {
        String position = tokens.decode(nextToken, account, scope);
        if (position == null) {
            return 0;
        }
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw new ValidationException("The pagination token is invalid.");
        }
    }

    /** The page (at most {@code limit} of the rows read) and the token for the rest, null when there is none. */
    public static <T> Page<T> of(List<T> rows, int limit, PageTokens tokens, String account, String scope,
            ToLongFunction<T> seq) {
        boolean more = rows.size() > limit;
        List<T> page = more ? rows.subList(0, limit) : rows;
        String token = more ? tokens.encode(account, scope, String.valueOf(seq.applyAsLong(page.get(limit - 1))))
                : null;
        return new Page<>(page, token);
    }

    public record Page<T>(List<T> items, String nextToken) {
    }
}
