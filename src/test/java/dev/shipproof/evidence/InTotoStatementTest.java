package dev.shipproof.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InTotoStatementTest {

  private static InTotoStatement parse(String json) {
    return InTotoStatement.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTypeSubjectsAndPredicate() {
    var statement =
        parse(
            """
            {"_type":"https://in-toto.io/Statement/v1",
             "subject":[{"name":"a","digest":{"sha256":"ABCDEF"}},
                        {"name":"b","digest":{"sha512":"00"}}],
             "predicateType":"https://example.com/p","predicate":{"result":"PASSED"}}\
            """);

    assertThat(statement.predicateType()).isEqualTo("https://example.com/p");
    assertThat(statement.subjectDigests()).containsExactly("abcdef");
    assertThat(statement.predicateJson()).isEqualTo("{\"result\":\"PASSED\"}");
  }

  @Test
  void refusesPayloadThatIsNoStatement() {
    assertThatThrownBy(() -> parse("{\"subject\":[]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the DSSE payload is not an in-toto statement (_type null)");
    assertThatThrownBy(() -> parse("[1]")).hasMessage("the DSSE payload is not a JSON object");
    assertThatThrownBy(() -> parse("{\"_type\":\"https://in-toto.io/Statement/v1\"}"))
        .hasMessage("the in-toto statement has no subject list");
  }
}
