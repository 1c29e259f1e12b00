<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Symfony\Component\Console\Output\OutputInterface;

/**
 * Console output into a string.
 */
class BufferOutput implements OutputInterface
{
    /** @var string */
    public $text = '';

    /**
     * @inheritDoc
     */
    public function writeln($messages, int $options = 0)
    {
        foreach ((array) $messages as $message) {
            $this->text .= $message . "\n";
        }
    }
}
