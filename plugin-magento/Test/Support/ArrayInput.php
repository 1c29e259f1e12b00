<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Symfony\Component\Console\Input\InputInterface;

/**
 * Console input from arrays.
 */
class ArrayInput implements InputInterface
{
    /** @var array<string, mixed> */
    private $options;

    /** @var array<string, mixed> */
    private $arguments;

    /**
     * @param array<string, mixed> $options
     * @param array<string, mixed> $arguments
     */
    public function __construct(array $options = [], array $arguments = [])
    {
        $this->options = $options;
        $this->arguments = $arguments;
    }

    /**
     * @inheritDoc
     */
    public function getOption(string $name)
    {
        return $this->options[$name] ?? null;
    }

    /**
     * @inheritDoc
     */
    public function getArgument(string $name)
    {
        return $this->arguments[$name] ?? null;
    }
}
