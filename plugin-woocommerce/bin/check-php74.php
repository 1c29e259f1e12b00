<?php

/**
 * Fails when plugin code (exact-sidecar.php, uninstall.php, src/) uses syntax newer than PHP 7.4, the
 * plugin's declared minimum. The CI machine runs PHP 8.2, so `php -l` alone would not notice.
 * Uses the PHP-Parser that Debian's phpunit depends on (/usr/share/php/PhpParser).
 *
 * Usage: php bin/check-php74.php [files...]   (default: the plugin's shipped PHP files)
 */

require_once '/usr/share/php/PhpParser/autoload.php';

use PhpParser\Node;
use PhpParser\NodeFinder;
use PhpParser\ParserFactory;

$root = dirname(__DIR__);
$files = array_slice($argv, 1);
if ($files === []) {
    $files = [$root . '/exact-sidecar.php', $root . '/uninstall.php'];
    $iterator = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root . '/src'));
    foreach ($iterator as $file) {
        if ($file->isFile() && substr($file->getFilename(), -4) === '.php') {
            $files[] = $file->getPathname();
        }
    }
}

$parser = (new ParserFactory())->create(ParserFactory::ONLY_PHP7);
$finder = new NodeFinder();
$problems = [];

$newer = static function (Node $node): ?string {
    $class = get_class($node);
    $byClass = [
        'PhpParser\Node\Expr\Match_' => 'match expression (PHP 8.0)',
        'PhpParser\Node\Expr\NullsafeMethodCall' => 'nullsafe operator (PHP 8.0)',
        'PhpParser\Node\Expr\NullsafePropertyFetch' => 'nullsafe operator (PHP 8.0)',
        'PhpParser\Node\Expr\Throw_' => 'throw expression (PHP 8.0)',
        'PhpParser\Node\UnionType' => 'union type (PHP 8.0)',
        'PhpParser\Node\IntersectionType' => 'intersection type (PHP 8.1)',
        'PhpParser\Node\Stmt\Enum_' => 'enum (PHP 8.1)',
        'PhpParser\Node\VariadicPlaceholder' => 'first-class callable (PHP 8.1)',
        'PhpParser\Node\AttributeGroup' => 'attribute (PHP 8.0)',
    ];
    if (isset($byClass[$class])) {
        return $byClass[$class];
    }
    if ($node instanceof Node\Arg && $node->name !== null) {
        return 'named argument (PHP 8.0)';
    }
    if ($node instanceof Node\Param && $node->flags !== 0) {
        return 'constructor property promotion (PHP 8.0)';
    }
    if ($node instanceof Node\Identifier && in_array(strtolower($node->name), ['mixed', 'never'], true)) {
        return 'type "' . $node->name . '" (PHP 8)';
    }
    if ($node instanceof Node\Stmt\Property && ($node->flags & 64) !== 0) {
        return 'readonly property (PHP 8.1)';
    }
    if ($node instanceof Node\Stmt\Catch_ && $node->var === null) {
        return 'catch without variable (PHP 8.0)';
    }
    return null;
};

foreach ($files as $file) {
    $code = (string) file_get_contents($file);
    try {
        $ast = $parser->parse($code);
    } catch (\PhpParser\Error $e) {
        $problems[] = $file . ': does not parse as PHP 7: ' . $e->getMessage();
        continue;
    }
    $found = $finder->find((array) $ast, static function (Node $n) use ($newer): bool {
        return $newer($n) !== null;
    });
    foreach ($found as $node) {
        $problems[] = sprintf('%s:%d: %s', $file, $node->getStartLine(), $newer($node));
    }
    // Methods/functions declaring a "static" or "mixed" return type are caught above; also flag the
    // PHP 8 string functions that PHP 7.4 lacks.
    foreach (['str_contains', 'str_starts_with', 'str_ends_with', 'get_debug_type', 'array_is_list'] as $fn) {
        if (preg_match('/\b' . $fn . '\s*\(/', $code, $m, PREG_OFFSET_CAPTURE)) {
            $line = substr_count(substr($code, 0, $m[0][1]), "\n") + 1;
            $problems[] = sprintf('%s:%d: %s() (PHP 8)', $file, $line, $fn);
        }
    }
}

if ($problems !== []) {
    fwrite(STDERR, implode("\n", $problems) . "\n");
    exit(1);
}
echo 'PHP 7.4 syntax: ' . count($files) . " files OK\n";
