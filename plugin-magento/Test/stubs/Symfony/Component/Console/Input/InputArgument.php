<?php

declare(strict_types=1);

namespace Symfony\Component\Console\Input;

/**
 * Stand-in of symfony/console's InputArgument (mode constants).
 */
class InputArgument
{
    public const REQUIRED = 1;
    public const OPTIONAL = 2;
    public const IS_ARRAY = 4;
}
