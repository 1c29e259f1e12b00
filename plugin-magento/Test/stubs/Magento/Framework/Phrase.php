<?php

declare(strict_types=1);

namespace Magento\Framework;

/**
 * Stand-in of lib/internal/Magento/Framework/Phrase.php: renders %1, %2... placeholders, no translation.
 */
class Phrase
{
    /** @var string */
    private $text;

    /** @var array<int|string, mixed> */
    private $arguments;

    /**
     * @param string $text
     * @param array<int|string, mixed> $arguments
     */
    public function __construct($text, array $arguments = [])
    {
        $this->text = (string) $text;
        $this->arguments = $arguments;
    }

    /**
     * @return string
     */
    public function getText()
    {
        return $this->text;
    }

    /**
     * @return string
     */
    public function render()
    {
        $text = $this->text;
        foreach (array_values($this->arguments) as $i => $argument) {
            $text = str_replace('%' . ($i + 1), (string) $argument, $text);
        }
        return $text;
    }

    /**
     * @return string
     */
    public function __toString()
    {
        return $this->render();
    }
}
