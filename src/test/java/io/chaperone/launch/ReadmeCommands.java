package io.chaperone.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands README.md tells a newcomer to type, read from the README itself so that an edit which breaks
 * one breaks the build: the run command (the fenced block under "## Run it"), the terminal line of "A whole
 * session in five commands", and every {@code http://localhost:<port>/...} URL it prints.
 */
record ReadmeCommands(String run, String terminal, List<String> urls) {

    private static final Pattern FENCE = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    /** Ends at white space, quotes, a closing bracket or backtick, or Markdown's autolink {@code <…>}. */
    private static final Pattern URL = Pattern.compile("http://localhost:\\d+[^\\s'\")`\\\\<>]*");

    static ReadmeCommands read(Path readme) throws IOException {
        String text = Files.readString(readme);
        String run = single(blockAfter(text, "## Run it"), "the run command");
        String terminal = blockAfter(text, "### A whole session in five commands").lines()
                .filter(line -> line.contains("chaperone-terminal")).findFirst()
                .orElseThrow(() -> new IllegalStateException("README: no chaperone-terminal line in the five commands"));
        List<String> urls = new ArrayList<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            // a URL that ends a sentence or a list item: the punctuation is not part of it
            String url = m.group().replaceAll("[.,;:]+$", "");
            if (!urls.contains(url)) {
                urls.add(url);
            }
        }
        return new ReadmeCommands(run, terminal, List.copyOf(urls));
    }

    /** The first fenced bash block after the heading that starts with {@code heading}. */
    private static String blockAfter(String text, String heading) {
        int at = text.indexOf("\n" + heading);
        if (at < 0) {
            throw new IllegalStateException("README: no heading " + heading);
        }
        Matcher m = FENCE.matcher(text);
        if (!m.find(at)) {
            throw new IllegalStateException("README: no bash block after " + heading);
        }
        return m.group(1);
    }

    private static String single(String block, String what) {
        List<String> lines = block.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() != 1) {
            throw new IllegalStateException("README: " + what + " must be one line, found " + lines);
        }
        return lines.getFirst().strip();
    }
}
