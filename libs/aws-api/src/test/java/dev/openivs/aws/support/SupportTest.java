package dev.openivs.aws.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ValidationException;
import org.junit.jupiter.api.Test;

class SupportTest {
    private static final IvsConfig CONFIG = new IvsConfig() {
        public String region() {
            return "us-west-2";
        }

        public String internalToken() {
            return "t";
        }

        public String paginationSecret() {
            return "secret";
        }
    };

    @Test
    void shouldParseAndFormatArns() {
        Arn arn = Arn.parse("arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh", ResourceType.CHANNEL);
        assertEquals("123456789012", arn.account());
        assertEquals("abcdABCDefgh", arn.id());
        assertEquals("arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh", arn.toString());
        assertTrue(Arn.parse("arn:aws:ivs:us-west-2:123456789012:stream-key/x").isPresent());
    }

    @Test
    void shouldRefuseMalformedArnsAsValidationErrors() {
        assertThrows(ValidationException.class, () -> Arn.parse("arn:aws:ivs:us-west-2:1:stream-key/x", ResourceType.CHANNEL));
        assertThrows(ValidationException.class, () -> Arn.parse("not-an-arn", ResourceType.CHANNEL));
        assertThrows(ValidationException.class, () -> Arn.parse("arn:aws:ivs:us-west-2:1:channel/" + "a".repeat(130),
                ResourceType.CHANNEL));
    }

    @Test
    void shouldHideOtherAccountsAndRegionsAsNotFound() {
        String other = "arn:aws:ivs:us-west-2:210987654321:channel/abcdABCDefgh";
        assertThrows(ResourceNotFoundException.class,
                () -> Arn.owned(other, ResourceType.CHANNEL, "us-west-2", "123456789012"));
        assertThrows(ResourceNotFoundException.class, () -> Arn.owned(
                "arn:aws:ivs:eu-west-1:123456789012:channel/abcdABCDefgh", ResourceType.CHANNEL, "us-west-2",
                "123456789012"));
    }

    @Test
    void shouldMakeIdsOfTheRightShape() {
        assertTrue(Ids.resourceId().matches("[A-Za-z0-9]{12}"));
        assertTrue(Ids.hex(12).matches("[0-9a-f]{12}"));
        assertTrue(!Ids.alnum(30).equals(Ids.alnum(30)));
    }

    @Test
    void shouldRoundTripPageTokensAndRefuseForeignOrTamperedOnes() {
        PageTokens tokens = new PageTokens(CONFIG);
        String token = tokens.encode("123456789012", "ListChannels|name=a", "2026-01-01T00:00:00Z|abc");
        assertTrue(token.matches(Constraints.PAGINATION_TOKEN));
        assertEquals("2026-01-01T00:00:00Z|abc", tokens.decode(token, "123456789012", "ListChannels|name=a"));
        assertNull(tokens.decode(null, "123456789012", "x"));
        assertThrows(ValidationException.class, () -> tokens.decode(token, "210987654321", "ListChannels|name=a"));
        assertThrows(ValidationException.class, () -> tokens.decode(token, "123456789012", "ListChannels|name=b"));
        String tampered = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
        assertThrows(ValidationException.class, () -> tokens.decode(tampered, "123456789012", "ListChannels|name=a"));
        assertThrows(ValidationException.class, () -> tokens.decode("!!!", "123456789012", "ListChannels|name=a"));
    }
}
