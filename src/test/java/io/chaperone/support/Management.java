package io.chaperone.support;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.specification.RequestSpecification;

import java.net.URI;

import static io.restassured.RestAssured.given;

/** RestAssured against the management interface (/q/health, /q/metrics), which has its own port. */
public final class Management {

    private Management() {
    }

    /** A request to the running test app's management port; paths start with {@code /q/}. */
    public static RequestSpecification management() {
        // The manager's URI ends with the management root path (/q); tests name full paths instead.
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return given().baseUri(uri.getScheme() + "://" + uri.getAuthority()).basePath("");
    }
}
