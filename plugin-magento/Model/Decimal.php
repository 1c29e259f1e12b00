<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model;

/**
 * Sign tests on amounts as Magento hands them over ("12.3400", 12.34, null) without float arithmetic.
 */
class Decimal
{
    /**
     * -1, 0 or 1; null and "" count as zero.
     *
     * @param mixed $amount
     * @return int
     */
    public static function sign($amount): int
    {
        if ($amount === null || $amount === '') {
            return 0;
        }
        if (is_float($amount)) {
            $text = sprintf('%.6F', $amount);
        } else {
            $text = trim((string) $amount);
        }
        if (!preg_match('/^([+-]?)(\d*)(?:\.(\d*))?$/', $text, $m)) {
            throw new \InvalidArgumentException('Not a decimal amount: "' . $text . '".');
        }
        $digits = ltrim($m[2], '0') . rtrim($m[3] ?? '', '0');
        if ($digits === '') {
            return 0;
        }
        return $m[1] === '-' ? -1 : 1;
    }
}
