package dev.openivs.playbackauth.service;

import dev.openivs.aws.errors.ValidationException;
import dev.openivs.aws.support.PageTokens;
import java.util.List;
import java.util.function.ToLongFunction;

/** Keyset pages over a sequence column: the token signs the last sequence number returned. */
final class Pages {
    private Pages() {
    }

    static long after(PageTokens tokens, String nextToken, String account, String scope) {
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

    /** The page (at most {@code limit} of the {@code limit + 1} rows read) and the token for the rest, if any. */
    static <T> Page<T> of(List<T> rows, int limit, PageTokens tokens, String account, String scope,
            ToLongFunction<T> seq) {
        boolean more = rows.size() > limit;
        List<T> page = more ? rows.subList(0, limit) : rows;
        String token = more ? tokens.encode(account, scope, String.valueOf(seq.applyAsLong(page.get(limit - 1))))
                : null;
        return new Page<>(page, token);
    }

    record Page<T>(List<T> items, String nextToken) {
    }
}
