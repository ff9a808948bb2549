package dev.openivs.aws.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ValidationException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keyset pagination: sequence pages and (time, id) positions. */
class PagesTest {
    private static final PageTokens TOKENS = new PageTokens(new IvsConfig() {
        public String region() {
            return "us-west-2";
        }

        public String internalToken() {
            return "t";
        }

        public String paginationSecret() {
            return "secret";
        }
    });
    private static final String ACCOUNT = "123456789012";

    @Test
    void shouldCutSeqPagesAndContinueAfterTheLastItem() {
        List<Long> rows = List.of(3L, 5L, 8L);
        SeqPages.Page<Long> first = SeqPages.of(rows, 2, TOKENS, ACCOUNT, "List", Long::longValue);
        assertEquals(List.of(3L, 5L), first.items());
        assertEquals(5L, SeqPages.after(TOKENS, first.nextToken(), ACCOUNT, "List"));

        SeqPages.Page<Long> last = SeqPages.of(List.of(8L), 2, TOKENS, ACCOUNT, "List", Long::longValue);
        assertEquals(List.of(8L), last.items());
        assertNull(last.nextToken());
        assertEquals(0L, SeqPages.after(TOKENS, null, ACCOUNT, "List"));
    }

    @Test
    void shouldRefuseASeqTokenOfAnotherScopeOrShape() {
        String token = SeqPages.of(List.of(1L, 2L), 1, TOKENS, ACCOUNT, "List", Long::longValue).nextToken();
        assertThrows(ValidationException.class, () -> SeqPages.after(TOKENS, token, ACCOUNT, "Other"));
        String notANumber = TOKENS.encode(ACCOUNT, "List", "abc");
        assertThrows(ValidationException.class, () -> SeqPages.after(TOKENS, notANumber, ACCOUNT, "List"));
    }

    @Test
    void shouldRoundTripKeysetPositionsToTheMicrosecond() {
        KeysetPosition p = new KeysetPosition(Instant.parse("2026-01-02T03:04:05.123456789Z"), "abc:def");
        assertEquals("1767323045123456:abc:def", p.encode());
        assertEquals(new KeysetPosition(Instant.parse("2026-01-02T03:04:05.123456Z"), "abc:def"),
                KeysetPosition.decode(p.encode()));
        KeysetPosition before1970 = new KeysetPosition(Instant.parse("1969-12-31T23:59:59.5Z"), "x");
        assertEquals(before1970, KeysetPosition.decode(before1970.encode()));
        assertNull(KeysetPosition.decode(null));
        assertThrows(ValidationException.class, () -> KeysetPosition.decode("no-colon"));
        assertThrows(ValidationException.class, () -> KeysetPosition.decode("x:y"));
    }
}
