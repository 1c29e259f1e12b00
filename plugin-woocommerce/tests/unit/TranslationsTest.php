<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Tests\Support\TestCase;

/**
 * Every admin string of the plugin is in the .pot, translated in nl_NL, with the same placeholders,
 * under the `exact-sidecar` text domain, and the compiled .mo matches the .po.
 */
final class TranslationsTest extends TestCase
{
    private const FUNCTIONS = ['__', '_e', 'esc_html__', 'esc_html_e', 'esc_attr__', 'esc_attr_e', '_x', '_n'];

    private static function root(): string
    {
        return dirname(__DIR__, 2);
    }

    /**
     * Translatable calls in the shipped PHP: [text, domain, file:line].
     *
     * @return array<int,array{0:string,1:string,2:string}>
     */
    private static function calls(): array
    {
        $files = [self::root() . '/exact-sidecar.php'];
        $it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::root() . '/src'));
        foreach ($it as $file) {
            if ($file->isFile() && substr($file->getFilename(), -4) === '.php') {
                $files[] = $file->getPathname();
            }
        }
        $calls = [];
        foreach ($files as $file) {
            $tokens = array_values(array_filter(token_get_all((string) file_get_contents($file)), static function ($t): bool {
                return !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true);
            }));
            $count = count($tokens);
            for ($i = 0; $i < $count; $i++) {
                $t = $tokens[$i];
                if (!is_array($t) || $t[0] !== T_STRING || !in_array($t[1], self::FUNCTIONS, true)) {
                    continue;
                }
                if (($tokens[$i + 1] ?? null) !== '(') {
                    continue;
                }
                $args = [];
                $current = '';
                $literal = true;
                for ($j = $i + 2; $j < $count; $j++) {
                    $tok = $tokens[$j];
                    if ($tok === ',' || $tok === ')') {
                        $args[] = $literal ? $current : null;
                        $current = '';
                        $literal = true;
                        if ($tok === ')') {
                            break;
                        }
                        continue;
                    }
                    if (is_array($tok) && $tok[0] === T_CONSTANT_ENCAPSED_STRING) {
                        $current .= eval('return ' . $tok[1] . ';');
                    } elseif ($tok !== '.') {
                        $literal = false;
                    }
                }
                $domain = $t[1] === '_n' ? ($args[3] ?? null) : ($t[1] === '_x' ? ($args[2] ?? null) : ($args[1] ?? null));
                $calls[] = [(string) $args[0], (string) $domain, basename($file) . ':' . $t[2]];
                if ($args[0] === null) {
                    $calls[count($calls) - 1][0] = "\0not a literal";
                }
            }
        }
        return $calls;
    }

    /**
     * @return array<string,string> msgid => msgstr
     */
    private static function parsePo(string $file): array
    {
        $entries = [];
        $msgid = null;
        $msgstr = null;
        $target = null;
        $flush = static function () use (&$entries, &$msgid, &$msgstr): void {
            if ($msgid !== null && $msgid !== '') {
                $entries[$msgid] = (string) $msgstr;
            }
            $msgid = null;
            $msgstr = null;
        };
        foreach (file($file, FILE_IGNORE_NEW_LINES) as $line) {
            if (strpos($line, 'msgid "') === 0) {
                $flush();
                $msgid = stripcslashes(substr($line, 7, -1));
                $target = 'id';
            } elseif (strpos($line, 'msgstr "') === 0) {
                $msgstr = stripcslashes(substr($line, 8, -1));
                $target = 'str';
            } elseif (strpos($line, '"') === 0) {
                if ($target === 'id') {
                    $msgid .= stripcslashes(substr($line, 1, -1));
                } else {
                    $msgstr .= stripcslashes(substr($line, 1, -1));
                }
            }
        }
        $flush();
        return $entries;
    }

    /**
     * @return array<string,string>
     */
    private static function parseMo(string $file): array
    {
        $data = (string) file_get_contents($file);
        $magic = unpack('V', substr($data, 0, 4))[1];
        self::assertSame(0x950412de, $magic, 'little-endian .mo');
        [, $count, $originals, $translations] = array_values(unpack('V4', substr($data, 4, 16)));
        $out = [];
        for ($i = 0; $i < $count; $i++) {
            [$olen, $ooff] = array_values(unpack('V2', substr($data, $originals + 8 * $i, 8)));
            [$tlen, $toff] = array_values(unpack('V2', substr($data, $translations + 8 * $i, 8)));
            $id = substr($data, $ooff, $olen);
            if ($id !== '') {
                $out[$id] = substr($data, $toff, $tlen);
            }
        }
        return $out;
    }

    private static function placeholders(string $text): array
    {
        preg_match_all('/%(?:\d+\$)?[sd]/', $text, $m);
        $found = $m[0];
        sort($found);
        return $found;
    }

    public function testEveryCallUsesALiteralAndTheTextDomain(): void
    {
        $calls = self::calls();
        $this->assertGreaterThan(80, count($calls));
        foreach ($calls as [$text, $domain, $where]) {
            $this->assertNotSame("\0not a literal", $text, $where . ': translatable text must be a literal');
            $this->assertSame('exact-sidecar', $domain, $where . ': text domain');
        }
    }

    public function testEveryStringIsInThePotAndTranslatedToDutch(): void
    {
        $pot = self::parsePo(self::root() . '/languages/exact-sidecar.pot');
        $nl = self::parsePo(self::root() . '/languages/exact-sidecar-nl_NL.po');
        foreach (self::calls() as [$text, , $where]) {
            $this->assertArrayHasKey($text, $pot, $where . ': missing from the .pot (make pot)');
            $this->assertArrayHasKey($text, $nl, $where . ': missing from nl_NL.po');
            $this->assertNotSame('', $nl[$text], $where . ': not translated: ' . $text);
            $this->assertSame(self::placeholders($text), self::placeholders($nl[$text]), 'placeholders of: ' . $text);
        }
        foreach (array_keys($pot) as $msgid) {
            $this->assertNotSame('', $nl[$msgid] ?? '', 'nl_NL.po lacks: ' . $msgid);
        }
        $this->assertStringNotContainsString('#, fuzzy', (string) file_get_contents(self::root() . '/languages/exact-sidecar-nl_NL.po'));
    }

    public function testPluginHeaderIsTranslatable(): void
    {
        $nl = self::parsePo(self::root() . '/languages/exact-sidecar-nl_NL.po');
        $this->assertSame('Exact Online Sidecar voor WooCommerce', $nl['Exact Online Sidecar for WooCommerce']);
    }

    public function testCompiledMoMatchesThePo(): void
    {
        $po = self::parsePo(self::root() . '/languages/exact-sidecar-nl_NL.po');
        $mo = self::parseMo(self::root() . '/languages/exact-sidecar-nl_NL.mo');
        ksort($po, SORT_STRING);
        ksort($mo, SORT_STRING);
        $this->assertSame($po, $mo, 'run make mo');
    }
}
