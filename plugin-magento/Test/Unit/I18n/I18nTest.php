<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\I18n;

use ExactSidecar\Connector\Test\tools\I18nStrings;
use PHPUnit\Framework\TestCase;

/**
 * Every admin string (literal __() calls, translate="..." XML) is in i18n/en_US.csv and i18n/nl_NL.csv.
 */
class I18nTest extends TestCase
{
    /**
     * @param string $locale
     * @return array<string, string>
     */
    private static function csv(string $locale): array
    {
        $file = dirname(__DIR__, 3) . '/i18n/' . $locale . '.csv';
        $handle = fopen($file, 'r');
        $rows = [];
        $line = 0;
        while (($row = fgetcsv($handle)) !== false) {
            $line++;
            if (count($row) !== 2) {
                throw new \UnexpectedValueException("$locale.csv line $line has " . count($row) . ' columns');
            }
            if (isset($rows[$row[0]])) {
                throw new \UnexpectedValueException("$locale.csv line $line repeats \"{$row[0]}\"");
            }
            $rows[$row[0]] = $row[1];
        }
        fclose($handle);
        return $rows;
    }

    public function testTheCollectorFindsConcatenatedAndXmlStrings(): void
    {
        $found = I18nStrings::fromPhp("<?php echo __('a' . 'b'), __(\"c\"), __(\$dynamic), x('d');");
        $this->assertSame(['ab', 'c'], $found);
        $strings = I18nStrings::collect(dirname(__DIR__, 3));
        $this->assertContains('Test connection', $strings);
        $this->assertContains('Shop secret', $strings, 'system.xml labels are collected');
        $this->assertContains('Exact number', $strings, 'ui_component labels are collected');
        $this->assertGreaterThan(60, count($strings));
    }

    public function testEveryStringIsTranslatedInBothLocales(): void
    {
        $strings = I18nStrings::collect(dirname(__DIR__, 3));
        foreach (['en_US', 'nl_NL'] as $locale) {
            $csv = self::csv($locale);
            $missing = array_values(array_diff($strings, array_keys($csv)));
            $this->assertSame([], $missing, "missing in $locale.csv (php Test/tools/list-i18n.php $locale)");
            foreach ($csv as $source => $translation) {
                $this->assertNotSame('', trim($translation), "$locale: empty translation of \"$source\"");
                preg_match_all('/%\d+/', $source, $a);
                preg_match_all('/%\d+/', $translation, $b);
                sort($a[0]);
                sort($b[0]);
                $this->assertSame($a[0], $b[0], "$locale keeps the placeholders of \"$source\"");
            }
        }
        $this->assertSame(array_keys(self::csv('en_US')), array_keys(self::csv('nl_NL')));
        $this->assertSame('Verbinding testen', self::csv('nl_NL')['Test connection']);
    }
}
