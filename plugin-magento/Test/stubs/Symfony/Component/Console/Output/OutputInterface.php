<?php

declare(strict_types=1);

namespace Symfony\Component\Console\Output;

/**
 * Stand-in of symfony/console's OutputInterface (writeln only).
 */
interface OutputInterface
{
    /**
     * @param string|iterable<string> $messages
     * @param int $options
     * @return void
     */
    public function writeln($messages, int $options = 0);
}
