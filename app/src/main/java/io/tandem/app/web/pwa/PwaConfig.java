package io.tandem.app.web.pwa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * The PWA at {@code /app/} when {@code tandem.pwa.dir} names its build. The build's {@code assets/} carry a content
 * hash in their names and are cached for a year; everything else ({@code index.html}, {@code sw.js}, the manifest,
 * icons) is revalidated on every load, so that a new build reaches users on their next visit and the service worker
 * updates. A path that names no file and has no extension is one of the app's own routes: it gets the shell.
 */
@Configuration(proxyBeanMethods = false)
class PwaConfig implements WebMvcConfigurer {

    static final String PATH = "/app";
    private static final Logger log = LoggerFactory.getLogger(PwaConfig.class);

    private final Path directory;

    PwaConfig(PwaProperties properties) {
        this.directory = properties.directory().orElse(null);
        if (directory != null && !Files.isRegularFile(directory.resolve("index.html"))) {
            log.warn("TANDEM_PWA_DIR is {}, which has no index.html: /app/ answers 404 until the PWA is built there",
                    directory);
        } else if (directory != null) {
            log.info("Serving the PWA from {} at {}/", directory, PATH);
        }
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        if (directory == null) {
            return;
        }
        // A directory location must end with a slash, or its files resolve beside it instead of in it.
        Resource location = new FileSystemResource(directory + "/");
        registry.addResourceHandler(PATH + "/assets/**")
                .addResourceLocations(new FileSystemResource(directory.resolve("assets") + "/"))
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .resourceChain(false)
                .addResolver(new PathResourceResolver());
        registry.addResourceHandler(PATH + "/**")
                .addResourceLocations(location)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(false)
                .addResolver(new ShellResolver());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        if (directory != null) {
            registry.addRedirectViewController(PATH, PATH + "/");
            // The resource handler answers nothing for an empty path, so the start URL is forwarded to its file.
            registry.addViewController(PATH + "/").setViewName("forward:" + PATH + "/index.html");
        }
    }

    /** The file asked for when it exists, else {@code index.html} for an extensionless path (a route of the app). */
    private static final class ShellResolver extends PathResourceResolver {

        @Override
        protected Resource getResource(String resourcePath, Resource location) throws IOException {
            Resource found = super.getResource(resourcePath, location);
            if (found != null) {
                return found;
            }
            String name = resourcePath.substring(resourcePath.lastIndexOf('/') + 1);
            return name.contains(".") ? null : super.getResource("index.html", location);
        }
    }
}
