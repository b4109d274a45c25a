package edu.hamburger.mail.bench;

import edu.hamburger.mail.core.search.SearchGrams;
import java.util.Random;

/**
 * What filing a message spends on its search data, in process (no stack): the index pieces
 * ({@link SearchGrams#ofMessage}) and the folded text ({@link SearchGrams#fold}) of a 4 KB English
 * and a Korean body, microseconds per message after a warm-up. Every message mailbox-service files
 * pays this once. {@code IndexBench [messages=3000]}
 */
public final class IndexBench {

    private IndexBench() {
    }

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        String[] words = ("the lecture on mail servers starts at nine Alice Bob Hamburger University SMTP IMAP POP3 "
                + "delivery queue relay mailbox protocol message header body").split(" ");
        Random random = new Random(1);
        StringBuilder english = new StringBuilder();
        while (english.length() < 4000) {
            english.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? ".\r\n" : " ");
        }
        String korean = "이번 학기 강의는 메일 서버의 구조를 다룹니다. 학생들은 SMTP와 IMAP을 배웁니다. ".repeat(60);
        String header = "From: Alice <alice@crepes.fr>\r\nTo: bob@hamburger.edu\r\nSubject: Lecture notes\r\n";
        int rounds = 6; // the first five warm the JIT up
        for (String[] body : new String[][] {{"English", english.toString()}, {"Korean", korean}}) {
            long pieces = 0; // used in the output, so no work can be left out
            long foldedChars = 0;
            double micros = 0;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    pieces += SearchGrams.ofMessage(header, body[1]).length;
                    foldedChars += SearchGrams.fold(header).length() + SearchGrams.fold(body[1]).length();
                }
                micros = (System.nanoTime() - start) / 1000.0 / messages;
            }
            System.out.printf("%-8s body of %,d chars: pieces and folded text %.1f us/message (%d pieces, %d chars folded per message)%n",
                    body[0], body[1].length(), micros, pieces / ((long) rounds * messages), foldedChars / ((long) rounds * messages));
        }
    }
}
