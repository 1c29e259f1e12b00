<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\tools;

/**
 * Collects the module's translatable strings: literal __('...') calls (concatenated literals included) in PHP
 * and templates outside Test/, and translate="..." labels/comments in the admin XML.
 * Used by I18nTest; `php Test/tools/list-i18n.php` prints the missing ones for a CSV.
 */
class I18nStrings
{
    /**
     * @param string $root module root
     * @return string[] unique, sorted
     */
    public static function collect(string $root): array
    {
        $strings = [];
        $iterator = new \RecursiveIteratorIterator(
            new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS)
        );
        foreach ($iterator as $file) {
            $path = $file->getPathname();
            $relative = substr($path, strlen($root) + 1);
            if (strpos($relative, 'Test/') === 0 || strpos($relative, '.git/') === 0) {
                continue;
            }
            if (preg_match('/\.(php|phtml)$/', $path)) {
                $strings = array_merge($strings, self::fromPhp((string) file_get_contents($path)));
            } elseif (preg_match('/\.xml$/', $path)) {
                $strings = array_merge($strings, self::fromXml($path));
            }
        }
        $strings = array_values(array_unique($strings));
        sort($strings);
        return $strings;
    }

    /**
     * @param string $code
     * @return string[]
     */
    public static function fromPhp(string $code): array
    {
        $tokens = array_values(array_filter(token_get_all($code), static function ($token): bool {
            return !is_array($token) || !in_array($token[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true);
        }));
        $out = [];
        $count = count($tokens);
        for ($i = 0; $i < $count - 2; $i++) {
            $token = $tokens[$i];
            if (!is_array($token) || $token[0] !== T_STRING || $token[1] !== '__' || $tokens[$i + 1] !== '(') {
                continue;
            }
            $text = '';
            $j = $i + 2;
            while ($j < $count && is_array($tokens[$j]) && $tokens[$j][0] === T_CONSTANT_ENCAPSED_STRING) {
                $text .= self::literal($tokens[$j][1]);
                if (($tokens[$j + 1] ?? null) !== '.') {
                    break;
                }
                $j += 2;
            }
            if ($text !== '') {
                $out[] = $text;
            }
        }
        return $out;
    }

    /**
     * @param string $file
     * @return string[]
     */
    public static function fromXml(string $file): array
    {
        $dom = new \DOMDocument();
        if (!@$dom->load($file)) {
            return [];
        }
        $xpath = new \DOMXPath($dom);
        $out = [];
        foreach ($xpath->query('//*[@translate]') as $node) {
            $translate = $node->getAttribute('translate');
            if ($translate === 'true') {
                $out[] = trim($node->nodeValue ?? '');
                continue;
            }
            foreach (preg_split('/\s+/', $translate) as $child) {
                foreach ($xpath->query($child, $node) as $value) {
                    $out[] = trim($value->nodeValue ?? '');
                }
            }
        }
        return array_filter($out, static function (string $s): bool {
            return $s !== '';
        });
    }

    /**
     * @param string $token a single- or double-quoted PHP literal without interpolation
     * @return string
     */
    private static function literal(string $token): string
    {
        $quote = $token[0];
        $body = substr($token, 1, -1);
        if ($quote === "'") {
            return str_replace(["\\'", '\\\\'], ["'", '\\'], $body);
        }
        return stripcslashes($body);
    }
}
