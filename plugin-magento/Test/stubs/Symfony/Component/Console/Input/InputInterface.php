<?php

declare(strict_types=1);

namespace Symfony\Component\Console\Input;

/**
 * Stand-in of symfony/console's InputInterface (getOption, getArgument).
 */
interface InputInterface
{
    /**
     * @param string $name
     * @return mixed
     */
    public function getOption(string $name);

    /**
     * @param string $name
     * @return mixed
     */
    public function getArgument(string $name);
}
