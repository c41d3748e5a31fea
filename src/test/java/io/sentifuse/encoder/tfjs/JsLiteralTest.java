package io.sentifuse.encoder.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsLiteralTest {

    @Test
    void readsMinifiedObjectLiterals() {
        JsonNode n = JsLiteral.parse(" {a:!0,b:!1,'c d':\"x\\\"y\",e:[.5,-.25,1e-3,-2,7],f:null,g:void 0,1:{}}", 0);
        assertThat(n.path("a").asBoolean()).isTrue();
        assertThat(n.path("b").asBoolean()).isFalse();
        assertThat(n.path("c d").asText()).isEqualTo("x\"y");
        assertThat(n.path("e").get(0).asDouble()).isEqualTo(0.5);
        assertThat(n.path("e").get(1).asDouble()).isEqualTo(-0.25);
        assertThat(n.path("e").get(2).asDouble()).isEqualTo(0.001);
        assertThat(n.path("e").get(3).asInt()).isEqualTo(-2);
        assertThat(n.path("e").get(4).isIntegralNumber()).isTrue();
        assertThat(n.path("f").isNull()).isTrue();
        assertThat(n.path("g").isNull()).isTrue();
        assertThat(n.path("1").isObject()).isTrue();
    }

    @Test
    void readsEscapesAndStopsAtTheEndOfTheValue() {
        JsonNode n = JsLiteral.parse("x='a\\u0041\\x42\\n'}", 2);
        assertThat(n.asText()).isEqualTo("aAB\n");
    }

    @Test
    void reportsWhereItStopped() {
        assertThatThrownBy(() -> JsLiteral.parse("{a:1;b:2}", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected ',' or '}' in an object at character 5");
    }
}
