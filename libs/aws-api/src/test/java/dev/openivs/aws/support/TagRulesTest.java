package dev.openivs.aws.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.aws.errors.ValidationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagRulesTest {

    @Test
    void shouldAcceptTheModelsCharactersAndLimits() {
        assertDoesNotThrow(() -> TagRules.validate(null, "tags"));
        assertDoesNotThrow(() -> TagRules.validate(Map.of("k".repeat(128), "v".repeat(256), "ünï code:/=+-@_.", ""),
                "tags"));
        Map<String, String> fifty = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("k" + i, "v");
        }
        assertDoesNotThrow(() -> TagRules.validate(fifty, "tags"));
        assertDoesNotThrow(() -> TagRules.checkCount(50));
    }

    @Test
    void shouldRefuseEveryViolationAsAValidationError() {
        Map<String, String> fiftyOne = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            fiftyOne.put("k" + i, "v");
        }
        assertThrows(ValidationException.class, () -> TagRules.validate(fiftyOne, "tags"));
        assertThrows(ValidationException.class, () -> TagRules.validate(Map.of("", "v"), "tags"));
        assertThrows(ValidationException.class, () -> TagRules.validate(Map.of("k".repeat(129), "v"), "tags"));
        assertThrows(ValidationException.class, () -> TagRules.validate(Map.of("k", "v".repeat(257)), "tags"));
        assertThrows(ValidationException.class, () -> TagRules.validate(Map.of("k!", "v"), "tags"));
        assertThrows(ValidationException.class, () -> TagRules.validate(Map.of("k", "v#"), "tags"));
        assertThrows(ValidationException.class, () -> TagRules.checkCount(51));
        assertThrows(ValidationException.class, () -> TagRules.validateKeys(List.of("ok", "bad*"), "tagKeys"));
    }

    @Test
    void shouldReserveTheAwsPrefixInAnyCase() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> TagRules.validate(Map.of("AWS:x", "v"), "tags"));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        assertThrows(ValidationException.class, () -> TagRules.validateKeys(List.of("aws:x"), "tagKeys"));
        assertDoesNotThrow(() -> TagRules.validateKeys(List.of("awsx", "x:aws"), "tagKeys"));
    }
}
