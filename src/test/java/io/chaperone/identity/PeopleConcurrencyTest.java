package io.chaperone.identity;

import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class PeopleConcurrencyTest {

    @Inject
    Tokens tokens;

    @Test
    void shouldProvisionOnePersonOnceWhenTheFirstCallsArriveTogether() {
        String subject = Tokens.unique("eager");
        String token = tokens.resident(subject);

        List<CompletableFuture<String>> calls = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200).extract().<String>path("id"))).toList();

        assertThat(calls.stream().map(CompletableFuture::join).distinct().toList()).hasSize(1);
    }
}
