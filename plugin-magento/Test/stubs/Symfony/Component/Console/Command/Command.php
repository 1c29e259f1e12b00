<?php

declare(strict_types=1);

namespace Symfony\Component\Console\Command;

use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Stand-in of symfony/console's Command (vendor/symfony/console/Command/Command.php): name, description,
 * options/arguments recorded, configure() from the constructor, run() calls execute().
 */
class Command
{
    public const SUCCESS = 0;
    public const FAILURE = 1;
    public const INVALID = 2;

    /** @var string|null */
    private $name;

    /** @var string */
    private $description = '';

    /** @var array<string, array<int, mixed>> */
    public $definedOptions = [];

    /** @var array<string, array<int, mixed>> */
    public $definedArguments = [];

    /**
     * @param string|null $name
     */
    public function __construct(?string $name = null)
    {
        $this->name = $name;
        $this->configure();
    }

    /**
     * @return void
     */
    protected function configure()
    {
    }

    /**
     * @param InputInterface $input
     * @param OutputInterface $output
     * @return int
     */
    protected function execute(InputInterface $input, OutputInterface $output)
    {
        throw new \LogicException('You must override the execute() method in the concrete command class.');
    }

    /**
     * @param InputInterface $input
     * @param OutputInterface $output
     * @return int
     */
    public function run(InputInterface $input, OutputInterface $output): int
    {
        return $this->execute($input, $output);
    }

    /**
     * @param string $name
     * @return $this
     */
    public function setName(string $name)
    {
        $this->name = $name;
        return $this;
    }

    /**
     * @return string|null
     */
    public function getName()
    {
        return $this->name;
    }

    /**
     * @param string $description
     * @return $this
     */
    public function setDescription(string $description)
    {
        $this->description = $description;
        return $this;
    }

    /**
     * @return string
     */
    public function getDescription()
    {
        return $this->description;
    }

    /**
     * @param string $name
     * @param string|array<int, string>|null $shortcut
     * @param int|null $mode
     * @param string $description
     * @param mixed $default
     * @return $this
     */
    public function addOption(
        string $name,
        $shortcut = null,
        ?int $mode = null,
        string $description = '',
        $default = null
    ) {
        $this->definedOptions[$name] = [$shortcut, $mode, $description, $default];
        return $this;
    }

    /**
     * @param string $name
     * @param int|null $mode
     * @param string $description
     * @param mixed $default
     * @return $this
     */
    public function addArgument(string $name, ?int $mode = null, string $description = '', $default = null)
    {
        $this->definedArguments[$name] = [$mode, $description, $default];
        return $this;
    }
}
