<?php

/**
 * Prints the translatable strings missing from i18n/<locale>.csv (default nl_NL) as CSV lines.
 */

declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php';

$root = dirname(__DIR__, 2);
$locale = $argv[1] ?? 'nl_NL';
$known = [];
$csv = $root . '/i18n/' . $locale . '.csv';
if (is_file($csv)) {
    $handle = fopen($csv, 'r');
    while (($row = fgetcsv($handle)) !== false) {
        $known[$row[0]] = true;
    }
    fclose($handle);
}
$out = fopen('php://stdout', 'w');
foreach (\ExactSidecar\Connector\Test\tools\I18nStrings::collect($root) as $string) {
    if (!isset($known[$string])) {
        fputcsv($out, [$string, $string]);
    }
}
