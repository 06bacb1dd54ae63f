package io.socialsync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisScriptTest {

    @Test
    void knowsTheShaRedisGivesTheScript() {
        RedisScript script = RedisScript.load(RedisScriptTest.class, "one");
        assertEquals("return 1\n", script.source());
        // printf 'return 1\n' | sha1sum
        assertEquals("48df9b519ca145c867b895f740b37bd891e887af", script.sha1());
    }

    @Test
    void recognisesNoScriptErrors() {
        assertTrue(RedisScript.isNoScript(new RuntimeException("NOSCRIPT No matching script. Please use EVAL.")));
        assertThrows(IllegalStateException.class, () -> RedisScript.load(RedisScriptTest.class, "absent"));
    }
}
