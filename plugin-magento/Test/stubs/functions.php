<?php

declare(strict_types=1);

if (!function_exists('__')) {
    /**
     * Stand-in of Magento's global __() from app/functions.php: builds a Phrase.
     *
     * @param string $text
     * @param mixed ...$arguments
     * @return \Magento\Framework\Phrase
     */
    function __($text, ...$arguments)
    {
        if (isset($arguments[0]) && is_array($arguments[0])) {
            $arguments = $arguments[0];
        }
        return new \Magento\Framework\Phrase($text, $arguments);
    }
}
